package io.callwire.notifier.rest;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jboss.resteasy.reactive.RestResponse;

import io.callwire.contract.security.Roles;
import io.callwire.notifier.Delivery;
import io.callwire.notifier.DeliveryStatus;
import io.callwire.support.rest.Page;
import io.callwire.notifier.WebhookPreview;
import io.callwire.notifier.WebhookSpec;
import io.callwire.notifier.WebhookView;
import io.callwire.notifier.service.DeliveryService;
import io.callwire.notifier.service.PreviewService;
import io.callwire.notifier.service.WebhookService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Webhook endpoints of the caller's organization (org-admin). */
@Path("/api/v1/webhooks")
@RolesAllowed(Roles.ORG_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    /** Body of {@code POST /{id}/test}: which of the endpoint's events to send a sample of. */
    public record TestRequest(String event) {
    }

    private final WebhookService webhooks;
    private final DeliveryService deliveries;
    private final PreviewService previews;
    private final Caller caller;

    public WebhookResource(WebhookService webhooks, DeliveryService deliveries, PreviewService previews, Caller caller) {
        this.webhooks = webhooks;
        this.previews = previews;
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @POST
    public Uni<RestResponse<WebhookView>> create(WebhookSpec spec) {
        return webhooks.create(caller.organizationId(), spec)
                .map(view -> RestResponse.ResponseBuilder.<WebhookView>created(URI.create("/api/v1/webhooks/" + view.id()))
                        .entity(view).build());
    }

    /** The request the first attempt would send for an event; nothing is stored or sent. */
    @POST
    @Path("preview")
    public Uni<WebhookPreview.Response> preview(WebhookPreview.Request request) {
        return previews.preview(caller.organizationId(), request);
    }

    @GET
    public Uni<Page<WebhookView>> list(@QueryParam("page") @DefaultValue("0") int page,
                                       @QueryParam("size") @DefaultValue("50") int size) {
        return webhooks.list(caller.organizationId(), Paging.page(page), Paging.size(size));
    }

    @GET
    @Path("{id}")
    public Uni<WebhookView> get(@PathParam("id") UUID id) {
        return webhooks.get(caller.organizationId(), id);
    }

    @PUT
    @Path("{id}")
    public Uni<WebhookView> update(@PathParam("id") UUID id, WebhookSpec spec) {
        return webhooks.update(caller.organizationId(), id, spec);
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") UUID id) {
        return webhooks.delete(caller.organizationId(), id).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("{id}/rotate-secret")
    public Uni<WebhookView> rotateSecret(@PathParam("id") UUID id) {
        return webhooks.rotateSecret(caller.organizationId(), id);
    }

    @GET
    @Path("{id}/deliveries")
    public Uni<Page<Delivery>> deliveries(@PathParam("id") UUID id, @QueryParam("status") DeliveryStatus status,
                                          @QueryParam("event") String event, @QueryParam("from") String from,
                                          @QueryParam("to") String to, @QueryParam("page") @DefaultValue("0") int page,
                                          @QueryParam("size") @DefaultValue("50") int size) {
        return deliveries.list(caller.organizationId(), id, status, event, Paging.instant("from", from),
                Paging.instant("to", to), Paging.page(page), Paging.size(size));
    }

    @POST
    @Path("{id}/test")
    public Uni<Delivery.Attempt> test(@PathParam("id") UUID id, TestRequest request) {
        return deliveries.test(caller.organizationId(), id, request == null ? null : request.event());
    }

    @POST
    @Path("{id}/recover")
    public Uni<Map<String, Integer>> recover(@PathParam("id") UUID id, @QueryParam("since") String since) {
        Instant from = Paging.instant("since", since);
        if (from == null) {
            throw new io.callwire.notifier.service.InvalidRequestException("since", "is required (ISO-8601 instant)");
        }
        return deliveries.recover(caller.organizationId(), id, from).map(count -> Map.of("resent", count));
    }
}
