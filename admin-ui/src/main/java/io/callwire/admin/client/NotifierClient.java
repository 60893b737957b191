package io.callwire.admin.client;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.callwire.admin.Page;
import io.callwire.admin.Webhooks;

/** The console's calls to notifier-service; every failure becomes a {@link ServiceException}. */
@ApplicationScoped
public class NotifierClient {

    private static final String SERVICE = "notifier-service";

    private final NotifierRestClient api;

    public NotifierClient(@RestClient NotifierRestClient api) {
        this.api = api;
    }

    public Page<Webhooks.View> webhooks(String token, int page, int size) {
        return Calls.call(SERVICE, () -> api.webhooks(AuthClient.bearer(token), page, size));
    }

    public Webhooks.View webhook(String token, UUID id) {
        return Calls.call(SERVICE, () -> api.webhook(AuthClient.bearer(token), id));
    }

    public Webhooks.View create(String token, Webhooks.Spec spec) {
        return Calls.call(SERVICE, () -> api.create(AuthClient.bearer(token), spec));
    }

    public Webhooks.View replace(String token, UUID id, Webhooks.Spec spec) {
        return Calls.call(SERVICE, () -> api.replace(AuthClient.bearer(token), id, spec));
    }

    public void delete(String token, UUID id) {
        Calls.run(SERVICE, () -> api.delete(AuthClient.bearer(token), id));
    }

    public Webhooks.Preview preview(String token, Webhooks.PreviewRequest request) {
        return Calls.call(SERVICE, () -> api.preview(AuthClient.bearer(token), request));
    }

    public Webhooks.View rotateSecret(String token, UUID id) {
        return Calls.call(SERVICE, () -> api.rotateSecret(AuthClient.bearer(token), id));
    }

    public Webhooks.Attempt test(String token, UUID id, String event) {
        return Calls.call(SERVICE, () -> api.test(AuthClient.bearer(token), id, new Webhooks.TestRequest(event)));
    }

    public Webhooks.Recovered recover(String token, UUID id, String since) {
        return Calls.call(SERVICE, () -> api.recover(AuthClient.bearer(token), id, since));
    }

    public Page<Webhooks.Delivery> deliveries(String token, UUID id, String status, String event, String from, String to,
                                              int page, int size) {
        return Calls.call(SERVICE, () -> api.deliveries(AuthClient.bearer(token), id, status, event, from, to, page, size));
    }

    public Webhooks.Delivery delivery(String token, UUID id) {
        return Calls.call(SERVICE, () -> api.delivery(AuthClient.bearer(token), id));
    }

    public void resend(String token, UUID id) {
        Calls.run(SERVICE, () -> api.resend(AuthClient.bearer(token), id));
    }
}
