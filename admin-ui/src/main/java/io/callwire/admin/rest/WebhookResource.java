package io.callwire.admin.rest;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.callwire.admin.FormErrors;
import io.callwire.admin.Page;
import io.callwire.admin.Webhooks;
import io.callwire.admin.client.NotifierClient;
import io.callwire.admin.client.ServiceException;
import io.callwire.admin.security.ConsoleContext;
import io.callwire.admin.service.Catalog;
import io.callwire.admin.service.WebhookForm;
import io.callwire.admin.service.WebhookService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Webhooks: list, create and edit with a request preview, test, enable/disable, secret rotation, deliveries. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class WebhookResource {

    static final int PAGE_SIZE = 20;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance webhooks(String nav, Page<Webhooks.View> page, String message);

        static native TemplateInstance edit(String nav, UUID id, Webhooks.View view, WebhookForm form, FormErrors errors,
                                            Map<String, List<String>> catalog, List<String> eventNames,
                                            List<String> retryOn, List<Catalog.EventVariables> variables,
                                            List<String> builtIns, String message);

        static native TemplateInstance secret(String nav, Webhooks.View view, boolean created);

        static native TemplateInstance preview(Webhooks.Preview preview, FormErrors errors, String event);

        static native TemplateInstance variables(List<Catalog.EventVariables> variables, List<String> builtIns);

        static native TemplateInstance deliveries(String nav, Webhooks.View view, Page<Webhooks.Delivery> page,
                                                  String status, String event, List<String> eventNames, String base,
                                                  String message, FormErrors errors);

        static native TemplateInstance delivery(String nav, Webhooks.Delivery delivery, String message);
    }

    private final NotifierClient notifier;
    private final WebhookService webhooks;
    private final Catalog catalog;
    private final ConsoleContext console;

    public WebhookResource(NotifierClient notifier, WebhookService webhooks, Catalog catalog, ConsoleContext console) {
        this.notifier = notifier;
        this.webhooks = webhooks;
        this.catalog = catalog;
        this.console = console;
    }

    @GET
    @Path("webhooks")
    public TemplateInstance list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("deleted") boolean deleted) {
        return Templates.webhooks("webhooks", notifier.webhooks(token(), Math.max(0, page), PAGE_SIZE),
                deleted ? "The webhook was deleted." : null);
    }

    @GET
    @Path("webhooks/new")
    public TemplateInstance create() {
        return edit(null, null, WebhookForm.blank(), FormErrors.none(), null);
    }

    @POST
    @Path("webhooks")
    public Response create(@BeanParam WebhookForm form) {
        FormErrors errors = FormErrors.forFields(WebhookForm.FIELDS);
        Webhooks.Spec spec = form.toSpec(errors);
        if (!errors.isEmpty()) {
            return Response.status(400).entity(edit(null, null, form, errors, null)).build();
        }
        try {
            Webhooks.View created = notifier.create(token(), spec);
            return Response.status(201).location(URI.create("/webhooks/" + created.id()))
                    .entity(Templates.secret("webhooks", created, true)).build();
        } catch (ServiceException e) {
            return Response.status(e.status() == 400 ? 400 : 502)
                    .entity(edit(null, null, form, FormErrors.of(e.problem(), WebhookForm.FIELDS), null)).build();
        }
    }

    @GET
    @Path("webhooks/{id}")
    public TemplateInstance show(@PathParam("id") UUID id, @QueryParam("saved") boolean saved) {
        Webhooks.View view = notifier.webhook(token(), id);
        return edit(id, view, WebhookForm.of(view), FormErrors.none(), saved ? "Saved." : null);
    }

    @POST
    @Path("webhooks/{id}")
    public Response update(@PathParam("id") UUID id, @BeanParam WebhookForm form) {
        FormErrors errors = FormErrors.forFields(WebhookForm.FIELDS);
        Webhooks.Spec spec = form.toSpec(errors);
        if (!errors.isEmpty()) {
            return Response.status(400).entity(edit(id, notifier.webhook(token(), id), form, errors, null)).build();
        }
        try {
            notifier.replace(token(), id, spec);
            return Response.seeOther(URI.create("/webhooks/" + id + "?saved=true")).build();
        } catch (ServiceException e) {
            if (e.status() != 400) {
                throw e;
            }
            return Response.status(400).entity(edit(id, notifier.webhook(token(), id), form,
                    FormErrors.of(e.problem(), WebhookForm.FIELDS), null)).build();
        }
    }

    /** htmx: the request the notifier would send for the form as it stands and a sample event. */
    @POST
    @Path("webhooks/preview")
    public TemplateInstance preview(@BeanParam WebhookForm form) {
        FormErrors errors = FormErrors.forFields(java.util.Set.of());
        Webhooks.Spec spec = form.toSpec(errors);
        String event = form.previewEvent == null || form.previewEvent.isBlank()
                ? (form.events.isEmpty() ? null : form.events.get(0)) : form.previewEvent;
        if (event == null || !catalog.eventNames().contains(event)) {
            return Templates.preview(null, errors.isEmpty() ? FormErrors.none().summary("Choose an event to preview.") : errors, "");
        }
        if (!errors.isEmpty()) {
            return Templates.preview(null, errors, event);
        }
        try {
            return Templates.preview(webhooks.preview(token(), console.session().organizationId(), spec, event),
                    FormErrors.none(), event);
        } catch (ServiceException e) {
            return Templates.preview(null, FormErrors.of(e.problem(), java.util.Set.of()), event);
        }
    }

    /** htmx: the variables the chosen events offer. */
    @POST
    @Path("webhooks/variables")
    public TemplateInstance variables(@RestForm List<String> events) {
        return Templates.variables(catalog.variablesOf(events), Catalog.BUILT_IN_VARIABLES);
    }

    @POST
    @Path("webhooks/{id}/enabled")
    public Response enable(@PathParam("id") UUID id, @RestForm boolean enabled) {
        Webhooks.View view = notifier.webhook(token(), id);
        Webhooks.Spec s = view.spec();
        notifier.replace(token(), id, new Webhooks.Spec(s.name(), s.url(), s.method(), s.events(), s.filter(), s.payload(),
                s.auth(), s.headers(), s.proxy(), s.timeoutMs(), s.maxConnections(), s.retry(), s.ordered(), enabled));
        return Response.seeOther(URI.create("/webhooks/" + id + "?saved=true")).build();
    }

    @POST
    @Path("webhooks/{id}/test")
    public TemplateInstance test(@PathParam("id") UUID id, @RestForm String event) {
        Webhooks.View view = notifier.webhook(token(), id);
        String message;
        try {
            Webhooks.Attempt attempt = notifier.test(token(), id, event);
            message = "Test " + event + " sent: " + attempt.outcome()
                    + (attempt.httpStatus() == null ? "" : ", HTTP " + attempt.httpStatus())
                    + (attempt.latencyMs() == null ? "" : ", " + attempt.latencyMs() + " ms")
                    + (attempt.error() == null ? "" : " (" + attempt.error() + ")");
        } catch (ServiceException e) {
            message = "Test not sent: " + e.problem().summary();
        }
        return edit(id, view, WebhookForm.of(view), FormErrors.none(), message);
    }

    @POST
    @Path("webhooks/{id}/rotate")
    public TemplateInstance rotate(@PathParam("id") UUID id) {
        return Templates.secret("webhooks", notifier.rotateSecret(token(), id), false);
    }

    @POST
    @Path("webhooks/{id}/delete")
    public Response delete(@PathParam("id") UUID id) {
        notifier.delete(token(), id);
        return Response.seeOther(URI.create("/webhooks?deleted=true")).build();
    }

    @GET
    @Path("webhooks/{id}/deliveries")
    public TemplateInstance deliveries(@PathParam("id") UUID id, @QueryParam("status") String status,
                                       @QueryParam("event") String event, @QueryParam("page") @DefaultValue("0") int page,
                                       @QueryParam("recovered") Integer recovered) {
        return deliveriesPage(id, status, event, page, recovered == null ? null
                : recovered + " dead " + (recovered == 1 ? "delivery is" : "deliveries are") + " being sent again.", FormErrors.none());
    }

    @POST
    @Path("webhooks/{id}/recover")
    public Response recover(@PathParam("id") UUID id, @RestForm String since) {
        FormErrors errors = FormErrors.forFields(java.util.Set.of("since"));
        try {
            String instant = LocalDateTime.parse(since == null ? "" : since).toInstant(ZoneOffset.UTC).toString();
            int resent = notifier.recover(token(), id, instant).resent();
            return Response.seeOther(URI.create("/webhooks/" + id + "/deliveries?recovered=" + resent)).build();
        } catch (DateTimeParseException e) {
            errors.add("since", "Enter a date and time (UTC).");
        } catch (ServiceException e) {
            errors = FormErrors.of(e.problem(), java.util.Set.of("since"));
        }
        return Response.status(400).entity(deliveriesPage(id, null, null, 0, null, errors)).build();
    }

    @GET
    @Path("deliveries/{id}")
    public TemplateInstance delivery(@PathParam("id") UUID id, @QueryParam("resent") boolean resent) {
        return Templates.delivery("webhooks", notifier.delivery(token(), id),
                resent ? "Sent again: the new attempt appears below when it is made." : null);
    }

    @POST
    @Path("deliveries/{id}/resend")
    public Response resend(@PathParam("id") UUID id) {
        notifier.resend(token(), id);
        return Response.seeOther(URI.create("/deliveries/" + id + "?resent=true")).build();
    }

    private TemplateInstance deliveriesPage(UUID id, String status, String event, int page, String message, FormErrors errors) {
        Webhooks.View view = notifier.webhook(token(), id);
        String statusFilter = status == null || status.isBlank() ? null : status;
        String eventFilter = event == null || event.isBlank() ? null : event;
        Page<Webhooks.Delivery> deliveries = notifier.deliveries(token(), id, statusFilter, eventFilter, null, null,
                Math.max(0, page), PAGE_SIZE);
        String base = "/webhooks/" + id + "/deliveries?status=" + (statusFilter == null ? "" : statusFilter)
                + "&event=" + (eventFilter == null ? "" : eventFilter) + "&page=";
        return Templates.deliveries("webhooks", view, deliveries, statusFilter == null ? "" : statusFilter,
                eventFilter == null ? "" : eventFilter, catalog.eventNames(), base, message, errors);
    }

    private TemplateInstance edit(UUID id, Webhooks.View view, WebhookForm form, FormErrors errors, String message) {
        return Templates.edit("webhooks", id, view, form, errors, catalog.eventsByEntityType(), catalog.eventNames(),
                WebhookForm.RETRY_ON, catalog.variablesOf(form.events), Catalog.BUILT_IN_VARIABLES, message);
    }

    private String token() {
        return console.session().accessToken();
    }
}
