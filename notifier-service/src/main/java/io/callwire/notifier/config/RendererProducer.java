package io.callwire.notifier.config;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.event.EventCodec;
import io.callwire.notifier.service.TemplateRenderer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The placeholder renderer as a bean, built on the event codec that service-support provides:
 * one shared, thread-safe instance.
 */
public class RendererProducer {

    @Produces
    @Singleton
    TemplateRenderer renderer(EventCodec codec, ObjectMapper mapper) {
        return new TemplateRenderer(codec, mapper);
    }
}
