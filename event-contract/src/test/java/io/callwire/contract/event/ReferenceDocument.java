package io.callwire.contract.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference document (a copy in the test resources) and its example payloads, read
 * independently of the catalog so that tests compare the catalog and the codec with the document.
 */
final class ReferenceDocument {

    private ReferenceDocument() {
    }

    static List<String> lines() {
        try (InputStream in = ReferenceDocument.class.getResourceAsStream("/reference/enreach-rte-websocket-api.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every "Example payload of Event: X" block, by section heading, in document order. */
    static Map<String, String> eventExamples() {
        return examples("Example payload of Event: ");
    }

    /** Every "Example payload of Misc: X" block (the nested types), by type name. */
    static Map<String, String> typeExamples() {
        return examples("Example payload of Misc: ");
    }

    private static Map<String, String> examples(String prefix) {
        List<String> lines = lines();
        Map<String, String> examples = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(prefix)) {
                String name = line.substring(prefix.length()).trim();
                List<String> block = new ArrayList<>();
                int depth = 0;
                do {
                    i++;
                    String json = lines.get(i);
                    block.add(json);
                    depth += count(json, '{') - count(json, '}');
                } while (depth > 0);
                examples.put(name, String.join("\n", block));
            }
        }
        return examples;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
