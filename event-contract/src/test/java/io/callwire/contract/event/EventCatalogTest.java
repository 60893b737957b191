package io.callwire.contract.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogTest {

    private final EventCatalog catalog = EventCatalog.standard();

    /** Every event of the reference document: name, entity type and number of own fields in its table. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "UserAlert, User, 7",
        "UserAvailability, User, 10",
        "UserCallAvailableForMonitoring, User, 15",
        "UserCallInArrived, User, 8",
        "UserCallInCallbackCreated, User, 11",
        "UserCallInComing, User, 8",
        "UserCallInDisconnected, User, 11",
        "UserCallInHoldEnd, User, 4",
        "UserCallInHoldStart, User, 4",
        "UserCallInOverflow, User, 17",
        "UserCallInRecordingConverted, User, 6",
        "UserCallInTransferCancelled, User, 14",
        "UserCallInTransferConnected, User, 14",
        "UserCallInTransferStarted, User, 14",
        "UserCallInUserAllocated, User, 10",
        "UserCallInUserCancelled, User, 10",
        "UserCallInUserConnected, User, 10",
        "UserCallInUserOverflow, User, 10",
        "UserCallOutConnected, User, 8",
        "UserCallOutDisconnected, User, 10",
        "UserCallOutGoing, User, 9",
        "UserCallOutHoldEnd, User, 4",
        "UserCallOutHoldStart, User, 4",
        "UserCallOutRecordingConverted, User, 6",
        "UserRealTimeTranscriptPhrase, User, 13",
        "UserSetting, User, 8",
        "UserStatus, User, 19",
        "UserSupervisionStatus, User, 11",
        "UserTerminalStatus, User, 7",
        "UserWrapUpEnabled, User, 10",
        "UserWrapUpRequestInitiate, User, 10",
        "UserWrapUpRequestTerminate, User, 4",
        "UserWrapUpStarted, User, 10",
        "UserWrapUpTerminated, User, 11",
        "QueueStatus, Queue, 18",
        "CallbackChanged, CallList, 31",
    })
    void holdsEveryEventOfTheDocumentWithItsEntityTypeAndFields(String name, String entityType, int fieldCount) {
        EventDefinition event = catalog.find(name).orElseThrow();
        assertThat(event.name()).isEqualTo(name);
        assertThat(event.entityType().wireName()).isEqualTo(entityType);
        assertThat(event.fields()).hasSize(fieldCount);
        assertThat(event.description()).isNotBlank();
        assertThat(event.fields()).extracting(EventField::name)
                .doesNotContain("RootEntityType", "RootEntityId", "EventType", "EntityType", "EntityId", "Id",
                        "Timestamp", "MessageTTLSeconds")
                .doesNotHaveDuplicates();
    }

    @Test
    void listsThirtySixEventsInDocumentOrder() {
        assertThat(catalog.events()).hasSize(36);
        assertThat(catalog.eventNames()).startsWith("UserAlert", "UserAvailability")
                .endsWith("QueueStatus", "CallbackChanged");
        assertThat(catalog.eventsFor(EntityType.USER)).hasSize(34);
        assertThat(catalog.eventsFor(EntityType.QUEUE)).extracting(EventDefinition::name).containsExactly("QueueStatus");
        assertThat(catalog.eventsFor(EntityType.CALL_LIST)).extracting(EventDefinition::name)
                .containsExactly("CallbackChanged");
    }

    @Test
    void eventsBelongToOneEntityTypeOnly() {
        assertThat(catalog.find("UserCallInComing").orElseThrow().entityType()).isEqualTo(EntityType.USER);
        assertThat(catalog.find("QueueStatus").orElseThrow().entityType()).isEqualTo(EntityType.QUEUE);
        assertThat(catalog.eventsFor(EntityType.QUEUE)).extracting(EventDefinition::name).doesNotContain("UserCallInComing");
        assertThat(catalog.eventsFor(EntityType.USER)).extracting(EventDefinition::name).doesNotContain("QueueStatus",
                "CallbackChanged");
    }

    @Test
    void findsEventsAndFieldsIgnoringCase() {
        assertThat(catalog.find("queuestatus")).map(EventDefinition::name).contains("QueueStatus");
        assertThat(catalog.find("USERCALLINCOMING")).map(EventDefinition::name).contains("UserCallInComing");
        // the document's .NET sample spells it "UserCallIncoming"
        assertThat(catalog.find("UserCallIncoming")).map(EventDefinition::name).contains("UserCallInComing");
        assertThat(catalog.find("NoSuchEvent")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
        assertThat(catalog.find("QueueStatus").orElseThrow().field("queueid")).map(EventField::name).contains("QueueId");
    }

    @Test
    void knowsTheTerminalStatusEventByItsWireNameAndItsHeading() {
        // the document's heading says UserTerminalStatusEvent, its payload sends EventType UserTerminalStatus
        assertThat(catalog.find("UserTerminalStatusEvent")).map(EventDefinition::name).contains("UserTerminalStatus");
        assertThat(catalog.eventNames()).contains("UserTerminalStatus").doesNotContain("UserTerminalStatusEvent");
    }

    @Test
    void describesFieldsWithTheDocumentsTypes() {
        EventDefinition callback = catalog.find("CallbackChanged").orElseThrow();
        assertThat(callback.field("CallbackAttempts")).hasValueSatisfying(f -> {
            assertThat(f.type()).isEqualTo("List<CallbackAttempt>");
            assertThat(f.kind()).isEqualTo(ValueKind.LIST);
            assertThat(f.elementType()).isEqualTo("CallbackAttempt");
        });
        assertThat(callback.field("AssignedUserId")).hasValueSatisfying(f -> {
            assertThat(f.type()).isEqualTo("Guid?");
            assertThat(f.kind()).isEqualTo(ValueKind.GUID);
            assertThat(f.nullable()).isTrue();
            assertThat(f.description()).isEqualTo("Id of user the callback is currently assigned");
        });
        assertThat(callback.field("TypeId")).map(EventField::kind).contains(ValueKind.INTEGER);
        assertThat(catalog.find("QueueStatus").orElseThrow().field("MaxWaitTime")).map(EventField::kind).contains(ValueKind.LONG);
        assertThat(catalog.find("UserRealTimeTranscriptPhrase").orElseThrow().field("Confidence"))
                .map(EventField::kind).contains(ValueKind.DECIMAL);
        assertThat(catalog.find("UserStatus").orElseThrow().field("WrapUpEnd")).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ValueKind.DATETIME);
            assertThat(f.nullable()).isTrue();
        });
        assertThat(catalog.find("UserWrapUpStarted").orElseThrow().field("WrapUpType")).hasValueSatisfying(f -> {
            assertThat(f.type()).isEqualTo("WrapUpType");
            assertThat(f.kind()).isEqualTo(ValueKind.STRING);
        });
        assertThat(catalog.find("UserCallInComing").orElseThrow().field("Publicity"))
                .map(EventField::kind).contains(ValueKind.INTEGER);
    }

    @Test
    void holdsTheNestedTypes() {
        assertThat(catalog.types()).extracting(TypeDefinition::name).containsExactly("QueueAttachedUser", "QueueGroup",
                "CallbackAttempt", "CallbackExtra", "CallbackRelatedItem");
        assertThat(catalog.type("callbackattempt").orElseThrow().fields()).extracting(EventField::name)
                .containsExactly("CallbackAttemptTypeId", "CallId", "Id", "Note", "RecordingId", "Timestamp", "UserId");
        assertThat(catalog.type("CallbackRelatedItem").orElseThrow().fields()).hasSize(4);
        assertThat(catalog.type("QueueGroup").orElseThrow().field("Id")).map(EventField::type).contains("Guid?");
    }

    @Test
    void keepsTheExamplePayloadOfEveryEventTheDocumentShowsOne() {
        assertThat(catalog.events()).filteredOn(e -> e.example() == null).extracting(EventDefinition::name)
                .containsExactly("UserWrapUpRequestInitiate");
        assertThat(catalog.find("QueueStatus").orElseThrow().exampleTtlSeconds()).isEqualTo(60);
        assertThat(catalog.find("CallbackChanged").orElseThrow().exampleTtlSeconds()).isEqualTo(120);
        assertThat(catalog.find("UserAlert").orElseThrow().exampleTtlSeconds()).isEqualTo(-1);
    }

    @Test
    void everyExampleOfTheDocumentIsValid() throws InvalidEventException {
        EventCodec codec = new EventCodec();
        for (var example : ReferenceDocument.eventExamples().entrySet()) {
            EventEnvelope envelope = codec.decode(example.getValue());
            assertThat(catalog.validate(envelope)).as(example.getKey()).isEmpty();
        }
    }

    @Test
    void theDocumentsNestedTypeExamplesAreValidInsideACallback() throws Exception {
        Map<String, String> types = ReferenceDocument.typeExamples();
        assertThat(types.keySet()).containsExactly("QueueAttachedUser", "QueueGroup", "CallbackAttempt", "CallbackExtra",
                "CallbackRelatedItem");
        ObjectMapper mapper = new ObjectMapper();
        for (var type : types.entrySet()) {
            List<String> exampleFields = new java.util.ArrayList<>();
            mapper.readTree(type.getValue()).fieldNames().forEachRemaining(exampleFields::add);
            assertThat(catalog.type(type.getKey()).orElseThrow().fields()).extracting(EventField::name)
                    .containsExactlyInAnyOrderElementsOf(exampleFields);
        }
        EventEnvelope callback = new EventCodec().decode(ReferenceDocument.eventExamples().get("CallbackChanged"));
        callback.fields().putArray("CallbackAttempts").add(mapper.readTree(types.get("CallbackAttempt")));
        callback.fields().putArray("CallbackExtras").add(mapper.readTree(types.get("CallbackExtra")));
        callback.fields().putArray("CallbackRelatedItems").add(mapper.readTree(types.get("CallbackRelatedItem")));
        assertThat(catalog.validate(callback)).isEmpty();

        ((ObjectNode) callback.fields().get("CallbackRelatedItems").get(0)).put("IsClosed", "no");
        assertThat(catalog.validate(callback)).containsExactly(
                "CallbackRelatedItems[0].IsClosed: expected bool (BOOLEAN), got string \"no\"");
    }

    @Test
    void rejectsAnEventSentForTheWrongEntityType() {
        EventEnvelope queueStatusForAUser = envelope("QueueStatus", EntityType.USER, EventEnvelope.newFields());
        assertThat(catalog.validate(queueStatusForAUser)).singleElement().asString()
                .startsWith("EntityType:").contains("QueueStatus is a Queue event");
    }

    @Test
    void rejectsFieldsOfTheWrongType() {
        ObjectNode fields = EventEnvelope.newFields();
        fields.put("QueueId", "not-a-guid");
        fields.put("NbrOfProviders", "three");
        fields.put("MaxWaitTime", 1.5);
        fields.putNull("QueueName"); // a string may be null
        fields.put("Unknown", 42);   // not in the catalog: not checked
        List<String> problems = catalog.validate(envelope("QueueStatus", EntityType.QUEUE, fields));
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("QueueId:").contains("Guid"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("NbrOfProviders:").contains("int"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("MaxWaitTime:").contains("long"));
    }

    @Test
    void rejectsNullForNonNullableValueTypesAndBadDates() {
        ObjectNode fields = EventEnvelope.newFields();
        fields.putNull("Talking");
        fields.putNull("WrapUpEnd");
        fields.put("TalkingStatusChanged", "yesterday");
        assertThat(catalog.validate(envelope("UserStatus", EntityType.USER, fields)))
                .containsExactlyInAnyOrder("Talking: null is not allowed for bool",
                        "TalkingStatusChanged: expected DateTime? (DATETIME), got string \"yesterday\"");
    }

    @Test
    void checksNestedListElements() {
        ObjectNode fields = EventEnvelope.newFields();
        ObjectNode attempt = fields.putArray("CallbackAttempts").addObject();
        attempt.put("Id", UUID.randomUUID().toString());
        attempt.put("CallbackAttemptTypeId", "first");
        fields.putArray("CallbackExtras").add("oops");
        assertThat(catalog.validate(envelope("CallbackChanged", EntityType.CALL_LIST, fields)))
                .containsExactlyInAnyOrder(
                        "CallbackAttempts[0].CallbackAttemptTypeId: expected int? (INTEGER), got string \"first\"",
                        "CallbackExtras[0]: expected CallbackExtra object, got string \"oops\"");
    }

    @Test
    void rejectsAnOrganizationIdOtherThanTheTenant() {
        ObjectNode fields = EventEnvelope.newFields();
        fields.put("OrganizationId", UUID.randomUUID().toString());
        assertThat(catalog.validate(envelope("UserStatus", EntityType.USER, fields)))
                .singleElement().asString().startsWith("OrganizationId:");
    }

    @Test
    void rejectsUnknownEvents() {
        assertThat(catalog.validate(envelope("UserTeleported", EntityType.USER, EventEnvelope.newFields())))
                .containsExactly("EventType: unknown event 'UserTeleported'");
    }

    private static EventEnvelope envelope(String eventType, EntityType entityType, ObjectNode fields) {
        return EventEnvelope.create(UUID.randomUUID(), eventType, entityType, UUID.randomUUID(), Instant.now(), -1, fields);
    }
}
