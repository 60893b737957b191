package io.callwire.notifier.config;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.notifier.service.TemplateRenderer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The event contract's catalog and codec as beans: one shared, thread-safe instance each. */
public class ContractProducers {

    @Produces
    @Singleton
    EventCatalog catalog() {
        return EventCatalog.standard();
    }

    @Produces
    @Singleton
    EventCodec codec(EventCatalog catalog) {
        return new EventCodec(catalog);
    }

    @Produces
    @Singleton
    TemplateRenderer renderer(EventCodec codec, ObjectMapper mapper) {
        return new TemplateRenderer(codec, mapper);
    }
}
