package io.nicplan.service.work;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Gives every request a {@link ClientConnection} (request attribute {@link ClientConnection#ATTRIBUTE})
 * that tells whether its client has closed the connection.
 *
 * <p>Why Tomcat-specific: while a request is asynchronous and nothing is written, Tomcat 10.1 does not
 * watch its socket (it registers read interest only for requests whose body is still being read), so
 * a client that hangs up is noticed only when the answer is written, after all the work. The probe
 * asks Tomcat for the bytes available with a non-blocking read ({@link ActionCode#AVAILABLE}): once
 * the body has been read, a closed connection reads as end of stream, which Tomcat reports as one byte
 * available. A client that sends more bytes while it waits (HTTP pipelining, which HTTP clients
 * no longer do) looks the same.
 */
class ClientConnectionValve extends ValveBase {

    public ClientConnectionValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        request.setAttribute(ClientConnection.ATTRIBUTE, (ClientConnection) () -> {
            coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
            return coyote.getAvailable() > 0;
        });
        getNext().invoke(request, response);
    }
}
