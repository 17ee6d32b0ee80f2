package io.nicplan.service.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A JSON document the service stored itself, written into answers as it is: a 100-flow plan is
 * some 40 KB, and reading it into a tree only to write it out again would dominate {@code GET}.
 */
@JsonSerialize(using = RawJson.Writer.class)
record RawJson(String json) {

    /** Writes the document verbatim. */
    static final class Writer extends StdSerializer<RawJson> {
        Writer() {
            super(RawJson.class);
        }

        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeRawValue(value.json());
        }
    }
}
