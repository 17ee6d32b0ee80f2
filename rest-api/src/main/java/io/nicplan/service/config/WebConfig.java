package io.nicplan.service.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Text bodies without a charset are read as UTF-8 (Unicorn files are UTF-8), not HTTP's old ISO-8859-1 default. */
@Configuration
public class WebConfig implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (int i = 0; i < converters.size(); i++) {
            if (converters.get(i) instanceof StringHttpMessageConverter) {
                StringHttpMessageConverter utf8 = new StringHttpMessageConverter(StandardCharsets.UTF_8);
                utf8.setWriteAcceptCharset(false);
                converters.set(i, utf8);
            }
        }
    }
}
