package io.callwire.contract.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ORG = "29f6e823-b484-e611-80c9-00505689257e";
    private static final String USER = "aa9730c4-ce86-e611-80c9-00505689257e";

    /** The PascalCase event behind the document's MessageReceived example. */
    private static final String USER_STATUS = """
            {
              "RootEntityType": "Organization",
              "RootEntityId": "29f6e823-b484-e611-80c9-00505689257e",
              "EventType": "UserStatus",
              "EntityType": "User",
              "EntityId": "aa9730c4-ce86-e611-80c9-00505689257e",
              "MessageTTLSeconds": 60,
              "UserId": "aa9730c4-ce86-e611-80c9-00505689257e",
              "OrganizationId": "29f6e823-b484-e611-80c9-00505689257e",
              "CanBeAllocatedTo": true,
              "Talking": false,
              "ActiveQueueId": null,
              "Available": true,
              "Schedule": true,
              "Serving": true,
              "ServiceTerminals": 1,
              "ActiveQueues": 2,
              "ParkedCalls": 0,
              "WrapUpEnd": null,
              "ServingCallback": false,
              "FetchMode": true,
              "Id": "aa90c608-7fd4-4c59-af60-d8141470e85b",
              "Timestamp": "2023-10-19T14:21:19.7009158Z"
            }""";

    /** The document's MessageReceived "data", verbatim. */
    private static final String MESSAGE_RECEIVED_DATA = """
            {
            "rootEntityType": "Organization",
            "rootEntityId": "29f6e823-b484-e611-80c9-00505689257e",
            "eventType": "UserStatus",
            "entityType": "User",
            "entityId": "aa9730c4-ce86-e611-80c9-00505689257e",
            "messageTTLSeconds": 60,
            "userId": "aa9730c4-ce86-e611-80c9-00505689257e",
            "organizationId": "29f6e823-b484-e611-80c9-00505689257e",
            "canBeAllocatedTo": true,
            "talking": false,
            "activeQueueId": null,
            "available": true,
            "schedule": true,
            "serving": true,
            "serviceTerminals": 1,
            "activeQueues": 2,
            "parkedCalls": 0,
            "wrapUpEnd": null,
            "servingCallback": false,
            "fetchMode": true,
            "id": "aa90c608-7fd4-4c59-af60-d8141470e85b",
            "timestamp": "2023-10-19T14:21:19.7009158Z"
            }""";

    private final EventCodec codec = new EventCodec();

    @TestFactory
    Stream<DynamicTest> roundTripsEveryExamplePayloadOfTheDocument() {
        Map<String, String> examples = ReferenceDocument.eventExamples();
        assertThat(examples).hasSize(35); // 36 events, UserWrapUpRequestInitiate has no example
        return examples.entrySet().stream().map(example -> DynamicTest.dynamicTest(example.getKey(), () -> {
            JsonNode original = MAPPER.readTree(example.getValue());
            byte[] encoded = codec.encode(codec.decode(example.getValue().getBytes(StandardCharsets.UTF_8)));
            assertThat(MAPPER.readTree(encoded)).isEqualTo(original);
            // same layout as the document, key by key
            assertThat(MAPPER.readTree(encoded).properties()).extracting(Map.Entry::getKey)
                    .containsExactlyElementsOf(keysInCodecOrder(original));
        }));
    }

    private static List<String> keysInCodecOrder(JsonNode original) {
        List<String> keys = new ArrayList<>(original.properties().stream().map(Map.Entry::getKey).toList());
        if ("UserTerminalStatus".equals(original.path("EventType").asText())) {
            // the one example whose Id and Timestamp sit among its own fields; the codec writes the
            // header in one place for every event
            keys.remove("Id");
            keys.remove("Timestamp");
            keys.addAll(keys.indexOf("MessageTTLSeconds"), List.of("Id", "Timestamp"));
        }
        return keys;
    }

    @Test
    void writesTheMessageReceivedDataOfTheDocument() throws Exception {
        EventEnvelope envelope = codec.decode(USER_STATUS);
        ObjectNode client = codec.toClientJson(envelope);
        assertThat(client).isEqualTo(MAPPER.readTree(MESSAGE_RECEIVED_DATA));
        assertThat(client.toString()).isEqualTo(MAPPER.readTree(MESSAGE_RECEIVED_DATA).toString()); // same order too
    }

    @Test
    void camelCasesNestedObjectsForClients() throws Exception {
        ObjectNode fields = EventEnvelope.newFields();
        fields.putArray("CallbackAttempts").addObject().put("CallbackAttemptTypeId", 3).put("Note", "left a message");
        fields.putObject("Values").put("Key", "v");
        EventEnvelope envelope = EventEnvelope.create(UUID.fromString(ORG), "CallbackChanged", EntityType.CALL_LIST,
                UUID.randomUUID(), Instant.parse("2024-01-01T00:00:00Z"), 120, fields);
        ObjectNode client = codec.toClientJson(envelope);
        assertThat(client.at("/callbackAttempts/0/callbackAttemptTypeId").asInt()).isEqualTo(3);
        assertThat(client.at("/callbackAttempts/0/note").asText()).isEqualTo("left a message");
        assertThat(client.at("/values/key").asText()).isEqualTo("v");
        assertThat(client.get("messageTTLSeconds").asLong()).isEqualTo(120);
        // the envelope itself is untouched
        assertThat(envelope.fields().at("/CallbackAttempts/0/Note").asText()).isEqualTo("left a message");
    }

    @Test
    void keepsTheTimestampTextWithItsSevenFractionalDigits() throws Exception {
        EventEnvelope envelope = codec.decode(USER_STATUS);
        assertThat(envelope.timestamp()).isEqualTo(Instant.parse("2023-10-19T14:21:19.7009158Z"));
        assertThat(MAPPER.readTree(codec.encode(envelope)).get("Timestamp").asText()).isEqualTo("2023-10-19T14:21:19.7009158Z");
    }

    @ParameterizedTest
    @CsvSource({
        "2020-01-01T12:00:00Z, 2020-01-01T12:00:00Z",
        "2020-01-01T12:00:00.5Z, 2020-01-01T12:00:00.5Z",
        "2020-01-01T12:00:00.120Z, 2020-01-01T12:00:00.12Z",
        "2020-01-01T12:00:00.123456789Z, 2020-01-01T12:00:00.123456789Z",
        "2020-01-01T14:00:00.7009158+02:00, 2020-01-01T12:00:00.7009158Z",
        "2020-01-01T07:00:00-05:00, 2020-01-01T12:00:00Z",
    })
    void readsIsoTimestampsAndWritesThemInUtcWithMinimalDigits(String given, String written) throws Exception {
        EventEnvelope envelope = codec.decode(USER_STATUS.replace("2023-10-19T14:21:19.7009158Z", given));
        assertThat(codec.toJson(envelope).get("Timestamp").asText()).isEqualTo(written);
    }

    @Test
    void keepsUnknownFieldsInOrder() throws Exception {
        String json = USER_STATUS.replace("\"Talking\": false,",
                "\"Talking\": false, \"ShiftCode\": \"B7\", \"Extra\": {\"Nested\": [1, 2]},");
        EventEnvelope envelope = codec.decode(json);
        assertThat(envelope.fields().get("ShiftCode").asText()).isEqualTo("B7");
        JsonNode written = MAPPER.readTree(codec.encode(envelope));
        assertThat(written).isEqualTo(MAPPER.readTree(json));
        assertThat(written.at("/Extra/Nested/1").asInt()).isEqualTo(2);
        assertThat(EventCatalog.standard().validate(envelope)).isEmpty();
    }

    @Test
    void separatesTheHeaderFromTheOwnFields() throws Exception {
        EventEnvelope envelope = codec.decode(USER_STATUS);
        assertThat(envelope.rootEntityType()).isEqualTo("Organization");
        assertThat(envelope.organizationId()).isEqualTo(UUID.fromString(ORG));
        assertThat(envelope.eventType()).isEqualTo("UserStatus");
        assertThat(envelope.entityType()).isEqualTo(EntityType.USER);
        assertThat(envelope.entityId()).isEqualTo(UUID.fromString(USER));
        assertThat(envelope.id()).isEqualTo(UUID.fromString("aa90c608-7fd4-4c59-af60-d8141470e85b"));
        assertThat(envelope.messageTtlSeconds()).isEqualTo(60);
        assertThat(envelope.fields().properties()).extracting(Map.Entry::getKey)
                .doesNotContain("RootEntityType", "RootEntityId", "EventType", "EntityType", "EntityId", "Id",
                        "Timestamp", "MessageTTLSeconds")
                .contains("UserId", "OrganizationId", "FetchMode");
    }

    @Test
    void readsTheCamelCaseClientFormToo() throws Exception {
        EventEnvelope envelope = codec.decode(MESSAGE_RECEIVED_DATA);
        assertThat(envelope.eventType()).isEqualTo("UserStatus");
        assertThat(envelope.messageTtlSeconds()).isEqualTo(60);
    }

    @Test
    void expiresAfterItsTtl() throws Exception {
        EventEnvelope envelope = codec.decode(USER_STATUS);
        Instant timestamp = envelope.timestamp();
        assertThat(envelope.expiresAt()).contains(timestamp.plusSeconds(60));
        assertThat(envelope.isExpiredAt(timestamp.plusSeconds(59))).isFalse();
        assertThat(envelope.isExpiredAt(timestamp.plusSeconds(61))).isTrue();

        EventEnvelope forever = codec.decode(USER_STATUS.replace("\"MessageTTLSeconds\": 60,", ""));
        assertThat(forever.messageTtlSeconds()).isEqualTo(-1);
        assertThat(forever.expiresAt()).isEmpty();
        assertThat(forever.isExpiredAt(timestamp.plusSeconds(1_000_000_000))).isFalse();
        assertThat(MAPPER.readTree(codec.encode(forever)).get("MessageTTLSeconds").asInt()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "RootEntityId      | \"RootEntityId\": \"29f6e823-b484-e611-80c9-00505689257e\", ->                              ",
        "RootEntityId      | \"RootEntityId\": \"29f6e823-b484-e611-80c9-00505689257e\" -> \"RootEntityId\": \"1-2-3-4-5\"",
        "RootEntityType    | \"RootEntityType\": \"Organization\" -> \"RootEntityType\": \"Tenant\"                         ",
        "RootEntityType    | \"RootEntityType\": \"Organization\", ->                                                      ",
        "EntityId          | \"EntityId\": \"aa9730c4-ce86-e611-80c9-00505689257e\", ->                                  ",
        "EntityId          | \"EntityId\": \"aa9730c4-ce86-e611-80c9-00505689257e\" -> \"EntityId\": 42                 ",
        "Id                | \"Id\": \"aa90c608-7fd4-4c59-af60-d8141470e85b\" -> \"Id\": \"aa90c608-7fd4-4c59-af60-d8141470e85\"",
        "Id                | \"Id\": \"aa90c608-7fd4-4c59-af60-d8141470e85b\", ->                                        ",
        "EntityType        | \"EntityType\": \"User\" -> \"EntityType\": \"Robot\"                                        ",
        "EntityType        | \"EntityType\": \"User\", ->                                                                ",
        "EventType         | \"EventType\": \"UserStatus\", ->                                                           ",
        "EventType         | \"EventType\": \"UserStatus\" -> \"EventType\": \"\"                                        ",
        "Timestamp         | \"2023-10-19T14:21:19.7009158Z\" -> \"19/10/2023 14:21\"                                     ",
        "Timestamp         | \"2023-10-19T14:21:19.7009158Z\" -> \"2023-10-19T14:21:19\"                                  ",
        "Timestamp         | \"Timestamp\": \"2023-10-19T14:21:19.7009158Z\" -> \"Stamp\": \"x\"                           ",
        "MessageTTLSeconds | \"MessageTTLSeconds\": 60 -> \"MessageTTLSeconds\": 60.5                                     ",
        "MessageTTLSeconds | \"MessageTTLSeconds\": 60 -> \"MessageTTLSeconds\": \"60\"                                   ",
        "Timestamp         | \"2023-10-19T14:21:19.7009158Z\" -> \"+294277-01-01T00:00:00Z\"                             ",
        "Timestamp         | \"2023-10-19T14:21:19.7009158Z\" -> \"-0001-12-31T23:59:59Z\"                               ",
        "MessageTTLSeconds | \"MessageTTLSeconds\": 60 -> \"MessageTTLSeconds\": 9223372036854775807                    ",
        "MessageTTLSeconds | \"2023-10-19T14:21:19.7009158Z\" -> \"9999-12-31T23:59:59Z\"                                ",
    })
    void rejectsMalformedEnvelopesNamingTheField(String field, String edit) {
        String[] parts = edit.split("->", 2);
        String json = USER_STATUS.replace(parts[0].strip(), parts[1].strip());
        assertThat(json).isNotEqualTo(USER_STATUS);
        assertThatThrownBy(() -> codec.decode(json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(field);
                });
    }

    @Test
    void rejectsABodyThatIsNotAJsonObject() {
        for (String body : new String[] {"[1, 2]", "\"UserStatus\"", "", "{\"RootEntityType\": ", "null",
            USER_STATUS + " {}"}) {
            assertThatThrownBy(() -> codec.decode(body)).as(body)
                    .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("$"));
        }
    }

    @Test
    void resolvesHeaderAndOwnFieldsByCaseInsensitivePath() throws Exception {
        ObjectNode fields = EventEnvelope.newFields();
        fields.put("QueueName", "Sales");
        fields.put("NbrOfProviders", 4);
        fields.putNull("AssignedUserId");
        ObjectNode attempt = fields.putArray("CallbackAttempts").addObject();
        attempt.put("Note", "no answer");
        fields.putObject("Caller").putObject("Address").put("City", "Oslo");
        EventEnvelope envelope = new EventEnvelope("Organization", UUID.fromString(ORG), "CallbackChanged",
                EntityType.CALL_LIST, UUID.fromString(USER), UUID.fromString(USER),
                Instant.parse("2024-05-01T10:00:00.25Z"), 120, fields);

        assertThat(codec.field(envelope, "rootentityid")).isEqualTo(ORG);
        assertThat(codec.field(envelope, "EventType")).isEqualTo("CallbackChanged");
        assertThat(codec.field(envelope, "entityType")).isEqualTo("CallList");
        assertThat(codec.field(envelope, "Timestamp")).isEqualTo("2024-05-01T10:00:00.25Z");
        assertThat(codec.field(envelope, "messagettlseconds")).isEqualTo(120L);
        assertThat(codec.field(envelope, "queuename")).isEqualTo("Sales");
        assertThat(codec.field(envelope, "NbrOfProviders")).isEqualTo(4);
        assertThat(codec.field(envelope, "AssignedUserId")).isNull();
        assertThat(codec.field(envelope, "Missing")).isNull();
        assertThat(codec.field(envelope, "callbackattempts.0.note")).isEqualTo("no answer");
        assertThat(codec.field(envelope, "CallbackAttempts.1.Note")).isNull();
        assertThat(codec.field(envelope, "caller.address.city")).isEqualTo("Oslo");
        assertThat(codec.field(envelope, "Caller.Address.City.More")).isNull();
        assertThat(codec.field(envelope, "caller.address")).isInstanceOf(JsonNode.class);
    }

    @Test
    void oneSharedCodecAndCatalogServeManyThreads() throws Exception {
        List<String> examples = List.copyOf(ReferenceDocument.eventExamples().values());
        List<String> expected = new ArrayList<>();
        for (String example : examples) {
            expected.add(codec.encodeToString(codec.decode(example)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < examples.size(); i++) {
                            EventEnvelope event = codec.decode(examples.get(i));
                            if (!codec.encodeToString(event).equals(expected.get(i))
                                    || !EventCatalog.standard().validate(event).isEmpty()) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
