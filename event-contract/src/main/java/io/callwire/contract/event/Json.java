package io.callwire.contract.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one ObjectMapper of the contract: thread-safe once configured, never reconfigured. */
final class Json {

    /** Trailing content after the event object is an error, not silently ignored. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {
    }
}
