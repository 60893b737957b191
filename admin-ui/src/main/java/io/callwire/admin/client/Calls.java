package io.callwire.admin.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.admin.Problem;

/**
 * Runs one REST call and turns what went wrong into a {@link ServiceException}. Problem bodies are read
 * tolerantly: contract 2's {@code errors[{field, message}]}, auth-service's older {@code violations},
 * RFC 6749's {@code error}/{@code error_description}, or no body at all.
 */
final class Calls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Calls() {
    }

    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            throw new ServiceException(problemOf(service, e.getResponse()));
        } catch (ProcessingException e) {
            throw new ServiceException(Problem.of(503, service + " is unreachable",
                    service + " did not answer; try again in a moment."));
        }
    }

    static void run(String service, Runnable call) {
        call(service, () -> {
            call.run();
            return null;
        });
    }

    static Problem problemOf(String service, Response response) {
        int status = response.getStatus();
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            body = "";
        }
        return parse(service, status, body);
    }

    static Problem parse(String service, int status, String body) {
        JsonNode json = null;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception ignored) {
            // not JSON: the status says enough
        }
        String title = service + " answered HTTP " + status;
        String detail = null;
        List<Problem.FieldError> errors = new ArrayList<>();
        if (json != null && json.isObject()) {
            title = text(json, "title", text(json, "error", title));
            detail = text(json, "detail", text(json, "error_description", null));
            for (String member : List.of("errors", "violations")) {
                for (JsonNode error : json.path(member)) {
                    String field = text(error, "field", text(error, "name", ""));
                    // Bean Validation paths such as "create.request.url" name the field last
                    int dot = field.lastIndexOf('.');
                    if (dot >= 0 && member.equals("violations")) {
                        field = field.substring(dot + 1);
                    }
                    errors.add(new Problem.FieldError(field, text(error, "message", "is not valid")));
                }
            }
        }
        return new Problem(status, title, detail, errors);
    }

    private static String text(JsonNode node, String member, String otherwise) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? otherwise : value.asText();
    }
}
