package io.callwire.notifier.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookSpec.Auth;
import io.callwire.notifier.WebhookSpec.AuthType;
import io.callwire.notifier.WebhookSpec.Method;
import io.callwire.notifier.WebhookSpec.PayloadMode;
import io.callwire.notifier.service.InvalidRequestException.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a webhook configuration before it is saved and fills in the defaults. Every refusal names
 * its field. Resolves host names (blocking): call it from a worker thread.
 */
@ApplicationScoped
public class WebhookValidator {

    /** Default retry schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
    public static final List<Double> DEFAULT_SCHEDULE = List.of(0d, 5d, 300d, 1800d, 7200d, 18000d, 36000d, 50400d,
            72000d, 86400d);
    /** Failures retried unless the endpoint says otherwise. */
    public static final List<String> DEFAULT_RETRY_ON = List.of("CONNECT_ERROR", "TIMEOUT", "5XX", "429", "408");

    private static final Set<String> RESERVED_HEADERS = Set.of("etag", "webhook-id", "webhook-timestamp",
            "webhook-signature", "user-agent", "content-type", "content-length", "host", "authorization",
            "transfer-encoding", "connection");
    private static final Set<String> PROXY_TYPES = Set.of("HTTP", "SOCKS4", "SOCKS5");

    private final EventCatalog catalog;
    private final UrlGuard guard;

    public WebhookValidator(EventCatalog catalog, UrlGuard guard) {
        this.catalog = catalog;
        this.guard = guard;
    }

    /**
     * The configuration with defaults filled in. {@code enabled} stays null when it was left out (a create
     * enables, an update keeps the current status).
     *
     * @param spec     what the administrator sent
     * @param existing the stored configuration on update (its secrets are kept where the new one leaves them out)
     * @throws InvalidRequestException listing every refused field
     */
    public WebhookSpec validate(WebhookSpec spec, WebhookSpec existing) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            throw new InvalidRequestException("body", "a webhook JSON object is required");
        }
        String name = spec.name() == null ? null : spec.name().trim();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (name.length() > 200) {
            errors.add(new FieldError("name", "is longer than 200 characters"));
        }
        Method method = spec.method() == null ? Method.POST : spec.method();

        List<EventDefinition> events = new ArrayList<>();
        List<String> eventNames = new ArrayList<>();
        if (spec.events() == null || spec.events().isEmpty()) {
            errors.add(new FieldError("events", "choose at least one event"));
        } else {
            for (int i = 0; i < spec.events().size(); i++) {
                String event = spec.events().get(i);
                Optional<EventDefinition> definition = event == null ? Optional.empty() : catalog.find(event);
                if (definition.isEmpty()) {
                    errors.add(new FieldError("events[" + i + "]", "unknown event '" + event + "'"));
                } else if (!eventNames.contains(definition.get().name())) {
                    events.add(definition.get());
                    eventNames.add(definition.get().name());
                }
            }
        }

        String url = spec.url() == null ? null : spec.url().trim();
        checkUrl("url", url, true, events, errors);

        WebhookSpec.Payload payload = spec.payload() == null ? new WebhookSpec.Payload(PayloadMode.EVENT, null) : spec.payload();
        PayloadMode mode = payload.mode() == null ? PayloadMode.EVENT : payload.mode();
        List<WebhookSpec.Variable> variables = payload.variables() == null ? List.of() : payload.variables();
        Map<String, List<WebhookSpec.Variable>> perEvent = null;
        if (mode == PayloadMode.VARIABLES) {
            Map<String, List<WebhookSpec.Variable>> given = payload.perEvent() == null ? Map.of() : payload.perEvent();
            perEvent = new LinkedHashMap<>();
            for (Map.Entry<String, List<WebhookSpec.Variable>> entry : given.entrySet()) {
                Optional<EventDefinition> definition = events.stream()
                        .filter(e -> e.name().equalsIgnoreCase(entry.getKey())).findFirst();
                if (definition.isEmpty()) {
                    errors.add(new FieldError("payload.perEvent." + entry.getKey(), "is not one of the webhook's events"));
                    continue;
                }
                List<WebhookSpec.Variable> own = entry.getValue() == null ? List.of() : entry.getValue();
                String field = "payload.perEvent." + definition.get().name();
                if (own.isEmpty()) {
                    errors.add(new FieldError(field, "needs at least one variable"));
                }
                checkVariables(field, own, List.of(definition.get()), errors);
                perEvent.put(definition.get().name(), own);
            }
            if (!variables.isEmpty()) {
                checkVariables("payload.variables", variables, events, errors);
            } else {
                for (EventDefinition event : events) {
                    if (!perEvent.containsKey(event.name())) {
                        errors.add(new FieldError("payload.variables", "VARIABLES mode needs variables for " + event.name()
                                + " (here for every event, or in payload.perEvent)"));
                        break;
                    }
                }
            }
            if (events.isEmpty() && variables.isEmpty() && perEvent.isEmpty()) {
                errors.add(new FieldError("payload.variables", "VARIABLES mode needs at least one variable"));
            }
            if (perEvent.isEmpty()) {
                perEvent = null;
            }
        } else {
            variables = null;
        }

        WebhookSpec.Filter filter = spec.filter() == null ? new WebhookSpec.Filter(List.of(), List.of())
                : new WebhookSpec.Filter(spec.filter().entityIds() == null ? List.of() : spec.filter().entityIds(),
                        spec.filter().queueIds() == null ? List.of() : spec.filter().queueIds());
        if (filter.entityIds().stream().anyMatch(java.util.Objects::isNull)) {
            errors.add(new FieldError("filter.entityIds", "contains an empty id"));
        }
        if (filter.queueIds().stream().anyMatch(java.util.Objects::isNull)) {
            errors.add(new FieldError("filter.queueIds", "contains an empty id"));
        }

        Auth auth = checkAuth(spec.auth(), existing == null ? null : existing.auth(), method, errors);

        Map<String, String> headers = new LinkedHashMap<>();
        if (spec.headers() != null) {
            spec.headers().forEach((key, value) -> {
                if (key == null || !key.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
                    errors.add(new FieldError("headers", "'" + key + "' is not a header name"));
                } else if (RESERVED_HEADERS.contains(key.toLowerCase(Locale.ROOT))) {
                    errors.add(new FieldError("headers." + key, "is set by Callwire and cannot be configured"));
                } else if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.length() > 4000) {
                    errors.add(new FieldError("headers." + key, "value is empty, too long or has line breaks"));
                } else {
                    headers.put(key, value);
                }
            });
        }

        WebhookSpec.Proxy proxy = spec.proxy();
        if (proxy != null) {
            String type = proxy.type() == null ? "HTTP" : proxy.type().toUpperCase(Locale.ROOT);
            if (!PROXY_TYPES.contains(type)) {
                errors.add(new FieldError("proxy.type", "must be HTTP, SOCKS4 or SOCKS5"));
            }
            if (proxy.host() == null || proxy.host().isBlank()) {
                errors.add(new FieldError("proxy.host", "is required"));
            } else {
                // the proxy is where Callwire connects: the same rules as for the URL's host
                guard.check(proxy.host().trim()).ifPresent(problem -> errors.add(new FieldError("proxy.host", problem)));
            }
            if (proxy.port() == null || proxy.port() < 1 || proxy.port() > 65535) {
                errors.add(new FieldError("proxy.port", "must be 1-65535"));
            }
            String password = proxy.password();
            if (password == null && existing != null && existing.proxy() != null) {
                password = existing.proxy().password();
            }
            proxy = new WebhookSpec.Proxy(type, proxy.host() == null ? null : proxy.host().trim(), proxy.port(), proxy.username(), password);
        }

        int timeoutMs = spec.timeoutMs() == null ? 10_000 : spec.timeoutMs();
        if (timeoutMs < 100 || timeoutMs > 60_000) {
            errors.add(new FieldError("timeoutMs", "must be 100-60000"));
        }
        int maxConnections = spec.maxConnections() == null ? 10 : spec.maxConnections();
        if (maxConnections < 1 || maxConnections > 200) {
            errors.add(new FieldError("maxConnections", "must be 1-200"));
        }

        WebhookSpec.Retry retry = spec.retry() == null ? new WebhookSpec.Retry(null, null, null) : spec.retry();
        List<Double> schedule = retry.scheduleSeconds() == null || retry.scheduleSeconds().isEmpty() ? DEFAULT_SCHEDULE
                : retry.scheduleSeconds();
        int maxAttempts = retry.maxAttempts() == null ? schedule.size() : retry.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 100) {
            errors.add(new FieldError("retry.maxAttempts", "must be 1-100"));
        }
        for (int i = 0; i < schedule.size(); i++) {
            Double delay = schedule.get(i);
            if (delay == null || delay < 0 || delay > 7 * 86400) {
                errors.add(new FieldError("retry.scheduleSeconds[" + i + "]", "must be 0 to 604800 seconds"));
            }
        }
        List<String> retryOn = retry.retryOn() == null ? DEFAULT_RETRY_ON : retry.retryOn().stream()
                .map(v -> v == null ? "" : v.trim().toUpperCase(Locale.ROOT)).toList();
        for (int i = 0; i < retryOn.size(); i++) {
            String value = retryOn.get(i);
            if (!value.matches("CONNECT_ERROR|TIMEOUT|5XX|4XX|[1-5][0-9][0-9]")) {
                errors.add(new FieldError("retry.retryOn[" + i + "]", "must be CONNECT_ERROR, TIMEOUT, 5XX, 4XX or a status code"));
            }
        }

        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new WebhookSpec(name, url, method, eventNames, filter, new WebhookSpec.Payload(mode, variables, perEvent), auth,
                headers, proxy, timeoutMs, maxConnections, new WebhookSpec.Retry(maxAttempts, schedule, retryOn),
                spec.ordered() != null && spec.ordered(), spec.enabled());
    }

    /** Each variable has a source some of {@code events} has, and a unique, plain name. */
    private void checkVariables(String field, List<WebhookSpec.Variable> variables, List<EventDefinition> events,
                                List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variables.size(); i++) {
            WebhookSpec.Variable variable = variables.get(i);
            String at = field + "[" + i + "]";
            if (variable == null || variable.source() == null || variable.source().isBlank()) {
                errors.add(new FieldError(at + ".source", "is required"));
                continue;
            }
            if (variable.name() == null || !variable.name().matches("[A-Za-z0-9_.\\-]{1,100}")) {
                errors.add(new FieldError(at + ".name", "must be 1-100 letters, digits, '_', '-' or '.'"));
            } else if (!names.add(variable.name())) {
                errors.add(new FieldError(at + ".name", "duplicate variable name '" + variable.name() + "'"));
            }
            if (!events.isEmpty()) {
                TemplateRenderer.checkSource(variable.source(), events, catalog)
                        .ifPresent(problem -> errors.add(new FieldError(at + ".source", problem)));
            }
        }
    }

    private void checkUrl(String field, String url, boolean templated, List<EventDefinition> events, List<FieldError> errors) {
        if (url == null || url.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
            return;
        }
        if (url.length() > 4000) {
            errors.add(new FieldError(field, "is longer than 4000 characters"));
            return;
        }
        String plain = url;
        if (templated) {
            Matcher matcher = TemplateRenderer.PLACEHOLDER.matcher(url);
            int authorityEnd = authorityEnd(url);
            while (matcher.find()) {
                if (matcher.start() < authorityEnd) {
                    errors.add(new FieldError(field, "placeholders are allowed only in the path and query, not in '"
                            + url.substring(0, authorityEnd) + "'"));
                    return;
                }
                if (!events.isEmpty()) {
                    TemplateRenderer.checkSource(matcher.group(1), events, catalog)
                            .ifPresent(problem -> errors.add(new FieldError(field, "placeholder {{" + matcher.group(1) + "}}: " + problem)));
                }
            }
            plain = TemplateRenderer.PLACEHOLDER.matcher(url).replaceAll("x");
        } else if (url.contains("{{")) {
            errors.add(new FieldError(field, "placeholders are not allowed here"));
            return;
        }
        URI uri;
        try {
            uri = new URI(plain);
        } catch (URISyntaxException e) {
            errors.add(new FieldError(field, "is not a valid URL: " + e.getReason()));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add(new FieldError(field, "must be an http or https URL"));
            return;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            errors.add(new FieldError(field, "has no host"));
            return;
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(new FieldError(field, "must not carry credentials; use auth"));
            return;
        }
        guard.check(uri.getHost()).ifPresent(problem -> errors.add(new FieldError(field, problem)));
    }

    private static int authorityEnd(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return url.length();
        }
        for (int i = start + 3; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return url.length();
    }

    private Auth checkAuth(Auth auth, Auth existing, Method method, List<FieldError> errors) {
        AuthType type = auth == null || auth.type() == null ? AuthType.NONE : auth.type();
        Auth kept = existing != null && existing.type() == type ? existing : null;
        Auth a = auth == null ? new Auth(AuthType.NONE, null, null, null, null, null, null, null, null, null) : auth;
        String password = a.password() != null ? a.password() : kept == null ? null : kept.password();
        String token = a.token() != null ? a.token() : kept == null ? null : kept.token();
        String clientSecret = a.clientSecret() != null ? a.clientSecret() : kept == null ? null : kept.clientSecret();
        String privateKey = a.privateKey() != null ? a.privateKey() : kept == null ? null : kept.privateKey();
        if (method == Method.SALESFORCE && type != AuthType.OAUTH2_JWT_BEARER) {
            errors.add(new FieldError("auth.type", "SALESFORCE requests authenticate with OAUTH2_JWT_BEARER"));
        }
        switch (type) {
            case NONE -> {
                return new Auth(AuthType.NONE, null, null, null, null, null, null, null, null, null);
            }
            case BASIC -> {
                require("auth.username", a.username(), errors);
                require("auth.password", password, errors);
                if (a.username() != null && a.username().contains(":")) {
                    errors.add(new FieldError("auth.username", "must not contain ':'"));
                }
                return new Auth(type, a.username(), password, null, null, null, null, null, null, null);
            }
            case BEARER -> {
                require("auth.token", token, errors);
                return new Auth(type, null, null, token, null, null, null, null, null, null);
            }
            case OAUTH2_CLIENT_CREDENTIALS -> {
                checkUrl("auth.tokenUrl", a.tokenUrl(), false, List.of(), errors);
                require("auth.clientId", a.clientId(), errors);
                require("auth.clientSecret", clientSecret, errors);
                return new Auth(type, null, null, null, a.tokenUrl(), a.clientId(), clientSecret, a.scope(), null, null);
            }
            case OAUTH2_JWT_BEARER -> {
                checkUrl("auth.tokenUrl", a.tokenUrl(), false, List.of(), errors);
                require("auth.clientId", a.clientId(), errors);
                require("auth.username", a.username(), errors);
                require("auth.audience", a.audience(), errors);
                if (require("auth.privateKey", privateKey, errors) && !isRsaPrivateKey(privateKey)) {
                    errors.add(new FieldError("auth.privateKey", "must be an RSA private key in PKCS#8 PEM"));
                }
                return new Auth(type, a.username(), null, null, a.tokenUrl(), a.clientId(), null, null, a.audience(), privateKey);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static boolean require(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return false;
        }
        return true;
    }

    /** Reads a PKCS#8 PEM RSA private key. */
    public static java.security.PrivateKey readPrivateKey(String pem) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static boolean isRsaPrivateKey(String pem) {
        try {
            readPrivateKey(pem);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
