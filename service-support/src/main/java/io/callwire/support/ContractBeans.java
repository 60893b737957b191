package io.callwire.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;

/** The event contract as beans: one catalog and one thread-safe codec for the whole service. */
@Singleton
public class ContractBeans {

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
}
