package io.nicplan.embed.archfixture;

import org.springframework.http.HttpStatus;

/** Breaks "no Spring below the service" on purpose. */
public class EmbedderThatUsesSpring {
    HttpStatus status = HttpStatus.BAD_REQUEST;
}
