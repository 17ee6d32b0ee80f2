package io.nicplan.archfixture.cycle.right;

import io.nicplan.archfixture.cycle.left.Left;

/** The other half of the package cycle. */
public class Right {
    Left left;
}
