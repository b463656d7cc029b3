package dev.tollgate.gateway.config;

import dev.tollgate.engine.config.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A list setting: comma-separated in flags and environment variables, a YAML list of strings in
 * the file. Each bad item is its own problem; in YAML it is located at the item's line.
 */
final class ListValueType<T> implements ValueType<List<T>> {
    private final String itemNoun;
    private final ScalarValueType.Parser<T> itemParser;

    /** @param itemNoun completes "is not a valid ...": "CIDR range" */
    ListValueType(String itemNoun, ScalarValueType.Parser<T> itemParser) {
        this.itemNoun = itemNoun;
        this.itemParser = itemParser;
    }

    @Override public Optional<List<T>> fromText(String text, ProblemSite at) {
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) continue; // "a,,b" and a trailing comma are harmless
            ok &= parseItem(item, at).map(out::add).orElse(false);
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    @Override public Optional<List<T>> fromYaml(YNode node, ProblemSite at) {
        if (!(node instanceof YNode.YList list)) {
            at.add("must be a list of " + itemNoun + "s, not " + node.kind());
            return Optional.empty();
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            ProblemSite itemSite = at.child("[" + i + "]", item.line());
            if (item instanceof YNode.YScalar s && s.type() == YNode.ScalarType.STRING) {
                ok &= parseItem(s.text(), itemSite).map(out::add).orElse(false);
            } else {
                itemSite.add("must be a " + itemNoun + " (a string), not " + item.kind());
                ok = false;
            }
        }
        return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
    }

    private Optional<T> parseItem(String item, ProblemSite at) {
        try {
            return Optional.of(itemParser.parse(item));
        } catch (IllegalArgumentException e) {
            String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
            at.add(ScalarValueType.quote(item) + " is not a valid " + itemNoun + detail);
            return Optional.empty();
        }
    }
}
