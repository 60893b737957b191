package io.callwire.admin.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.admin.ServiceStatus;
import io.callwire.admin.config.AdminConfig;
import io.smallrye.mutiny.Uni;

/** Asks every service for its readiness, all at once and without blocking a thread per call. */
@ApplicationScoped
public class ServiceStatusService {

    private final AdminConfig config;
    private final HttpClient http;

    public ServiceStatusService(AdminConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.statusTimeoutMs())).build();
    }

    public Uni<List<ServiceStatus>> statuses() {
        List<CompletableFuture<ServiceStatus>> checks = List.of(
                check("auth-service", config.authUrl()),
                check("subscription-service", config.subscriptionUrl()),
                check("notifier-service", config.notifierUrl()));
        return Uni.createFrom().completionStage(CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(done -> checks.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<ServiceStatus> check(String name, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                .timeout(Duration.ofMillis(config.statusTimeoutMs())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new ServiceStatus(name, url, response.statusCode() == 200,
                        "HTTP " + response.statusCode()))
                .exceptionally(error -> new ServiceStatus(name, url, false, "unreachable"));
    }
}
