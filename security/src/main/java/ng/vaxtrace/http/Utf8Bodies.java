package ng.vaxtrace.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import ng.vaxtrace.contracts.EventJson;
import ng.vaxtrace.contracts.FieldViolation;

/**
 * A JSON body that Quarkus REST maps to an object must be UTF-8 by the same rule ingest applies to the bytes it reads
 * itself ({@link EventJson#utf8Text}): Jackson would otherwise guess UTF-16/32 from the bytes and read a body its
 * sender did not mean as UTF-8. Refused with 400 naming the body ({@code ""}), before anything is mapped. Bodies read
 * as raw bytes are left to the resource, which checks them itself (ingest verifies signatures over the bytes).
 * Server side only: the REST clients read what other systems answer, which is not our input contract.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class Utf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() == byte[].class || !MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        try {
            EventJson.utf8Text(body);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("the request body is not UTF-8 JSON", List.of(new FieldViolation("", e.getMessage())));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
