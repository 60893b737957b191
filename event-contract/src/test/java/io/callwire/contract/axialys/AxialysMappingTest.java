package io.callwire.contract.axialys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;

class AxialysMappingTest {

    private static final Set<String> HEADER = Set.of("rootentityid", "entityid", "id", "timestamp", "eventtype", "entitytype");
    private static final Set<String> TYPES = Set.of("operator", "UI", "queue", "trunk", "num", "input");

    private final AxialysMapping mapping = AxialysMapping.standard();
    private final EventCatalog catalog = EventCatalog.standard();
    private final UUID org = UUID.randomUUID();

    @Test
    void everyCatalogEventIsMappedOrSaidToHaveNoCounterpart() {
        Set<String> covered = new HashSet<>(mapping.noCounterpart().keySet());
        mapping.rules().forEach(rule -> covered.add(rule.callwire()));
        assertThat(covered).containsAll(catalog.eventNames());
        assertThat(catalog.eventNames()).containsAll(covered);
    }

    @Test
    void everyRuleNamesADocumentTypeAndFieldsTheCatalogKnows() {
        for (AxialysMapping.Rule rule : mapping.rules()) {
            EventDefinition definition = catalog.find(rule.callwire()).orElseThrow();
            assertThat(TYPES).as(rule.callwire()).contains(rule.typeNotification());
            rule.msg().values().forEach(path -> assertThat(HEADER.contains(path.toLowerCase(Locale.ROOT))
                    || definition.field(path.split("\\.")[0]).isPresent()).as(rule.callwire() + " " + path).isTrue());
            if (rule.when() != null) {
                assertThat(definition.field(rule.when().field())).as(rule.callwire()).isPresent();
            }
        }
    }

    @Test
    void aQueueCallOfferedToAnAgentIsAnOperatorStatusRinging() {
        UUID user = UUID.randomUUID();
        UUID call = UUID.randomUUID();
        ObjectNode fields = EventEnvelope.newFields().put("CallerNumber", "+33611111111").put("CallId", call.toString())
                .put("TargetNumber", "+33100000000").put("UserId", user.toString()).put("OrganizationId", org.toString());
        ObjectNode notification = mapping.notification(event("UserCallInUserAllocated", user, fields));
        assertThat(notification.toString()).isEqualTo("{\"msg\":{\"id_operator\":\"" + user + "\",\"id_call\":\"" + call
                + "\",\"caller_id_num\":\"+33611111111\",\"service\":\"+33100000000\",\"status\":\"ringing\",\"id_client\":\""
                + org + "\"},\"type_notification\":\"operator\",\"event\":\"status\"}");
    }

    @Test
    void availabilityBecomesPauseUnpauseOrLogoutByItsValue() {
        UUID user = UUID.randomUUID();
        assertThat(mapping.notification(event("UserAvailability", user, EventEnvelope.newFields().put("Availability", "Available")
                .put("UserId", user.toString()))).path("event").asText()).isEqualTo("unpause");
        ObjectNode pause = mapping.notification(event("UserAvailability", user, EventEnvelope.newFields().put("Availability", "BRB")
                .put("UserId", user.toString())));
        assertThat(pause.path("event").asText()).isEqualTo("pause");
        assertThat(pause.path("type_notification").asText()).isEqualTo("UI");
        assertThat(pause.path("msg").path("supp").asText()).isEqualTo("BRB");
        assertThat(mapping.notification(event("UserAvailability", user, EventEnvelope.newFields().put("Availability", "OffWork")
                .put("UserId", user.toString()))).path("event").asText()).isEqualTo("logout");
    }

    @Test
    void aFinalTranscriptPhraseIsAnAsrInputWithAPercentScoreAndAnIntermediateOneHasNoCounterpart() {
        UUID user = UUID.randomUUID();
        ObjectNode notification = mapping.notification(event("UserRealTimeTranscriptPhrase", user, EventEnvelope.newFields()
                .put("Phrase", "92").put("Confidence", 0.97).put("IsIntermediate", false).put("UserId", user.toString())));
        assertThat(notification.path("type_notification").asText()).isEqualTo("input");
        assertThat(notification.path("event").asText()).isEqualTo("asr");
        assertThat(notification.path("msg").path("score").asInt()).isEqualTo(97);
        assertThat(notification.path("msg").path("input").asText()).isEqualTo("92");

        ObjectNode intermediate = mapping.notification(event("UserRealTimeTranscriptPhrase", user, EventEnvelope.newFields()
                .put("Phrase", "9").put("IsIntermediate", true)));
        assertThat(intermediate.path("type_notification").asText()).isEqualTo("callwire");
        assertThat(intermediate.path("event").asText()).isEqualTo("UserRealTimeTranscriptPhrase");
        assertThat(intermediate.path("msg").path("phrase").asText()).isEqualTo("9");
    }

    @Test
    void anEventWithoutCounterpartKeepsItsNameAndFieldsUnderTheFallbackType() {
        UUID queue = UUID.randomUUID();
        ObjectNode notification = mapping.notification(EventEnvelope.create(org, "QueueStatus", EntityType.QUEUE, queue, Instant.now(), 60,
                EventEnvelope.newFields().put("QueueId", queue.toString()).put("NbrOfQueuingRequesters", 3)));
        assertThat(notification.path("type_notification").asText()).isEqualTo("callwire");
        assertThat(notification.path("event").asText()).isEqualTo("QueueStatus");
        assertThat(notification.path("msg").path("nbrOfQueuingRequesters").asInt()).isEqualTo(3);
        assertThat(notification.path("msg").path("id_client").asText()).isEqualTo(org.toString());
    }

    private EventEnvelope event(String name, UUID user, ObjectNode fields) {
        return EventEnvelope.create(org, name, EntityType.USER, user, Instant.now(), -1, fields);
    }
}
