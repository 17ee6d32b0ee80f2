package io.nicplan.archfixture.cycle.left;

import io.nicplan.archfixture.cycle.right.Right;

/** One half of a package cycle made on purpose. */
public class Left {
    Right right;
}
