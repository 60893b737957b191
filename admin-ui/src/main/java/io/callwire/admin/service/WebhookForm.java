package io.callwire.admin.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jboss.resteasy.reactive.RestForm;

import io.callwire.admin.FormErrors;
import io.callwire.admin.Webhooks;

/**
 * The webhook form as the browser posts it, turned into notifier-service's webhook JSON. The console
 * checks what it can before sending (required fields, numbers, GUIDs, header lines); the notifier checks
 * the rest (events against the catalog, placeholders, addresses) and its errors name the same fields.
 */
public class WebhookForm {

    /** The fields the form shows errors beside, named as notifier-service names them. */
    public static final Set<String> FIELDS = Set.of("name", "url", "method", "events", "filter.entityIds", "filter.queueIds",
            "payload.mode", "payload.variables", "auth.type", "auth.username", "auth.password", "auth.token", "auth.tokenUrl",
            "auth.clientId", "auth.clientSecret", "auth.scope", "auth.audience", "auth.privateKey", "headers", "proxy.type",
            "proxy.host", "proxy.port", "timeoutMs", "maxConnections", "retry.maxAttempts", "retry.scheduleSeconds",
            "retry.retryOn", "ordered");

    public static final List<String> RETRY_ON = List.of("CONNECT_ERROR", "TIMEOUT", "5XX", "4XX", "429", "408");

    @RestForm public String name = "";
    @RestForm public String url = "";
    @RestForm public String method = "POST";
    @RestForm public List<String> events = new ArrayList<>();
    @RestForm public String entityIds = "";
    @RestForm public String queueIds = "";
    @RestForm public String payloadMode = "EVENT";
    @RestForm public String variables = "";
    @RestForm public String authType = "NONE";
    @RestForm public String authUsername = "";
    @RestForm public String authPassword = "";
    @RestForm public String authToken = "";
    @RestForm public String authTokenUrl = "";
    @RestForm public String authClientId = "";
    @RestForm public String authClientSecret = "";
    @RestForm public String authScope = "";
    @RestForm public String authAudience = "";
    @RestForm public String authPrivateKey = "";
    @RestForm public String headers = "";
    @RestForm public String proxyType = "";
    @RestForm public String proxyHost = "";
    @RestForm public String proxyPort = "";
    @RestForm public String proxyUsername = "";
    @RestForm public String proxyPassword = "";
    @RestForm public String timeoutMs = "10000";
    @RestForm public String maxConnections = "10";
    @RestForm public String retryMaxAttempts = "";
    @RestForm public String retrySchedule = "";
    @RestForm public List<String> retryOn = new ArrayList<>();
    @RestForm public String retryOnCodes = "";
    @RestForm public String ordered = "";
    @RestForm public String enabled = "on";
    @RestForm public String previewEvent = "";

    /** A blank form with the notifier's defaults. */
    public static WebhookForm blank() {
        WebhookForm form = new WebhookForm();
        form.retryOn = new ArrayList<>(List.of("CONNECT_ERROR", "TIMEOUT", "5XX", "429", "408"));
        form.retrySchedule = "0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400";
        return form;
    }

    /** The form of a stored webhook (secrets are never returned: left empty, they are kept). */
    public static WebhookForm of(Webhooks.View view) {
        WebhookForm form = new WebhookForm();
        Webhooks.Spec spec = view.spec();
        form.name = nz(spec.name());
        form.url = nz(spec.url());
        form.method = spec.method() == null ? "POST" : spec.method();
        form.events = spec.events() == null ? new ArrayList<>() : new ArrayList<>(spec.events());
        if (spec.filter() != null) {
            form.entityIds = join(spec.filter().entityIds());
            form.queueIds = join(spec.filter().queueIds());
        }
        if (spec.payload() != null) {
            form.payloadMode = spec.payload().mode() == null ? "EVENT" : spec.payload().mode();
            List<String> lines = new ArrayList<>();
            if (spec.payload().variables() != null) {
                spec.payload().variables().forEach(v -> lines.add(v.source() + " = " + v.name()));
            }
            if (spec.payload().perEvent() != null) {
                spec.payload().perEvent().forEach((event, variables) ->
                        variables.forEach(v -> lines.add(event + "." + v.source() + " = " + v.name())));
            }
            form.variables = String.join("\n", lines);
        }
        if (spec.auth() != null) {
            Webhooks.Auth auth = spec.auth();
            form.authType = auth.type() == null ? "NONE" : auth.type();
            form.authUsername = nz(auth.username());
            form.authTokenUrl = nz(auth.tokenUrl());
            form.authClientId = nz(auth.clientId());
            form.authScope = nz(auth.scope());
            form.authAudience = nz(auth.audience());
        }
        if (spec.headers() != null) {
            form.headers = spec.headers().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n"));
        }
        if (spec.proxy() != null) {
            form.proxyType = nz(spec.proxy().type());
            form.proxyHost = nz(spec.proxy().host());
            form.proxyPort = spec.proxy().port() == null ? "" : spec.proxy().port().toString();
            form.proxyUsername = nz(spec.proxy().username());
        }
        form.timeoutMs = spec.timeoutMs() == null ? "" : spec.timeoutMs().toString();
        form.maxConnections = spec.maxConnections() == null ? "" : spec.maxConnections().toString();
        if (spec.retry() != null) {
            form.retryMaxAttempts = spec.retry().maxAttempts() == null ? "" : spec.retry().maxAttempts().toString();
            form.retrySchedule = spec.retry().scheduleSeconds() == null ? ""
                    : spec.retry().scheduleSeconds().stream().map(WebhookForm::number).collect(Collectors.joining(", "));
            List<String> retryOn = spec.retry().retryOn() == null ? List.of() : spec.retry().retryOn();
            form.retryOn = retryOn.stream().filter(RETRY_ON::contains).collect(Collectors.toCollection(ArrayList::new));
            form.retryOnCodes = retryOn.stream().filter(r -> !RETRY_ON.contains(r)).collect(Collectors.joining(", "));
        }
        form.ordered = Boolean.TRUE.equals(spec.ordered()) ? "on" : "";
        form.enabled = view.isEnabled() ? "on" : "";
        return form;
    }

    /** The webhook JSON; problems the console can see are added to {@code errors}. */
    public Webhooks.Spec toSpec(FormErrors errors) {
        if (blank(name)) {
            errors.add("name", "Enter a name.");
        }
        if (blank(url)) {
            errors.add("url", "Enter the URL to call.");
        } else if (!url.trim().matches("(?i)https?://\\S+")) {
            errors.add("url", "Enter an http:// or https:// URL.");
        }
        if (events == null || events.isEmpty()) {
            errors.add("events", "Choose at least one event.");
        }
        Webhooks.Filter filter = null;
        List<UUID> entities = guids(entityIds, "filter.entityIds", errors);
        List<UUID> queues = guids(queueIds, "filter.queueIds", errors);
        if (!entities.isEmpty() || !queues.isEmpty()) {
            filter = new Webhooks.Filter(entities.isEmpty() ? null : entities, queues.isEmpty() ? null : queues);
        }
        Webhooks.Payload payload = "VARIABLES".equals(payloadMode) ? variables(errors) : new Webhooks.Payload(payloadMode, null, null);
        Map<String, String> headerMap = headers(errors);
        return new Webhooks.Spec(name.trim(), url.trim(), method, events == null ? List.of() : List.copyOf(events),
                filter, payload, auth(), headerMap.isEmpty() ? null : headerMap, proxy(errors),
                integer(timeoutMs, "timeoutMs", 100, 60000, errors), integer(maxConnections, "maxConnections", 1, 200, errors),
                retry(errors), "on".equals(ordered), "on".equals(enabled));
    }

    private Webhooks.Auth auth() {
        return switch (authType == null ? "NONE" : authType) {
            case "BASIC" -> new Webhooks.Auth("BASIC", authUsername, emptyToNull(authPassword), null, null, null, null, null, null, null);
            case "BEARER" -> new Webhooks.Auth("BEARER", null, null, emptyToNull(authToken), null, null, null, null, null, null);
            case "OAUTH2_CLIENT_CREDENTIALS" -> new Webhooks.Auth(authType, null, null, null, authTokenUrl, authClientId,
                    emptyToNull(authClientSecret), emptyToNull(authScope), null, null);
            case "OAUTH2_JWT_BEARER" -> new Webhooks.Auth(authType, authUsername, null, null, authTokenUrl, authClientId,
                    null, null, authAudience, emptyToNull(authPrivateKey));
            default -> new Webhooks.Auth("NONE", null, null, null, null, null, null, null, null, null);
        };
    }

    private Webhooks.Proxy proxy(FormErrors errors) {
        if (blank(proxyType)) {
            return null;
        }
        if (blank(proxyHost)) {
            errors.add("proxy.host", "Enter the proxy's host.");
        }
        return new Webhooks.Proxy(proxyType, proxyHost.trim(), integer(proxyPort, "proxy.port", 1, 65535, errors),
                emptyToNull(proxyUsername), emptyToNull(proxyPassword));
    }

    private Webhooks.Retry retry(FormErrors errors) {
        List<Double> schedule = new ArrayList<>();
        for (String part : retrySchedule.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                double seconds = Double.parseDouble(part);
                if (seconds < 0) {
                    throw new NumberFormatException();
                }
                schedule.add(seconds);
            } catch (NumberFormatException e) {
                errors.add("retry.scheduleSeconds", "Enter delays in seconds separated by commas (\"" + part + "\" is not one).");
                break;
            }
        }
        List<String> on = new ArrayList<>(retryOn == null ? List.of() : retryOn);
        for (String code : retryOnCodes.split("[,\\s]+")) {
            if (!code.isBlank()) {
                if (!code.matches("[1-5]\\d\\d")) {
                    errors.add("retry.retryOn", "\"" + code + "\" is not an HTTP status code.");
                } else if (!on.contains(code)) {
                    on.add(code);
                }
            }
        }
        return new Webhooks.Retry(integer(retryMaxAttempts, "retry.maxAttempts", 1, 100, errors),
                schedule.isEmpty() ? null : schedule, on);
    }

    /**
     * Lines {@code source = name} for every chosen event, or {@code EventName.source = name} for one
     * event's own fields and names (notifier-service's {@code payload.perEvent}).
     */
    private Webhooks.Payload variables(FormErrors errors) {
        List<Webhooks.Variable> shared = new ArrayList<>();
        Map<String, List<Webhooks.Variable>> perEvent = new LinkedHashMap<>();
        for (String line : variables.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("=", 2);
            String source = parts[0].trim();
            String name = parts.length > 1 ? parts[1].trim() : source;
            if (source.isEmpty() || name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                errors.add("payload.variables", "Write one variable per line as \"field = name\" (\"" + line.trim() + "\").");
                continue;
            }
            int dot = source.indexOf('.');
            if (dot > 0 && events != null && events.contains(source.substring(0, dot))) {
                perEvent.computeIfAbsent(source.substring(0, dot), e -> new ArrayList<>())
                        .add(new Webhooks.Variable(source.substring(dot + 1), name));
            } else {
                shared.add(new Webhooks.Variable(source, name));
            }
        }
        if (shared.isEmpty() && perEvent.isEmpty()) {
            errors.add("payload.variables", "Choose at least one field to send.");
        }
        return new Webhooks.Payload("VARIABLES", shared.isEmpty() ? null : shared, perEvent.isEmpty() ? null : perEvent);
    }

    private Map<String, String> headers(FormErrors errors) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : headers.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).trim().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                errors.add("headers", "Write one header per line as \"Name: value\" (\"" + line.trim() + "\").");
                continue;
            }
            map.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return map;
    }

    private static List<UUID> guids(String text, String field, FormErrors errors) {
        List<UUID> list = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isBlank()) {
                try {
                    list.add(UUID.fromString(part));
                } catch (IllegalArgumentException e) {
                    errors.add(field, "\"" + part + "\" is not a GUID.");
                }
            }
        }
        return list;
    }

    private static Integer integer(String text, String field, int min, int max, FormErrors errors) {
        if (blank(text)) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                errors.add(field, "Enter a number from " + min + " to " + max + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(field, "Enter a whole number.");
            return null;
        }
    }

    public boolean hasEvent(String event) {
        return events != null && events.contains(event);
    }

    public boolean retriesOn(String failure) {
        return retryOn != null && retryOn.contains(failure);
    }

    public boolean isOrdered() {
        return "on".equals(ordered);
    }

    public boolean isEnabled() {
        return "on".equals(enabled);
    }

    private static String number(Double value) {
        return value == Math.rint(value) ? String.valueOf(value.longValue()) : value.toString();
    }

    private static String join(List<UUID> ids) {
        return ids == null ? "" : ids.stream().map(UUID::toString).collect(Collectors.joining("\n"));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String emptyToNull(String text) {
        return blank(text) ? null : text;
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }
}
