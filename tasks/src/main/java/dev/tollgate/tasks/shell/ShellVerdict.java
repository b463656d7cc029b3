package dev.tollgate.tasks.shell;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.tasks.policy.RiskTier;
import java.util.List;
import java.util.Objects;

/**
 * What {@code tollgate shell check} prints and what the task channel acts on. {@code reasonCode}
 * is one of {@code invalid_command parse_error not_analysable excluded_path blocked_command
 * not_allowed_command root_read_only}, and is set exactly when the decision is {@code BLOCKED}.
 */
public record ShellVerdict(ShellDecision decision, RiskTier riskLevel, List<String> reasons,
        List<List<String>> commands, String reasonCode) {
    public ShellVerdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(riskLevel, "riskLevel");
        reasons = List.copyOf(reasons);
        commands = commands.stream().map(List::copyOf).toList();
        if ((decision == ShellDecision.BLOCKED) != (reasonCode != null)) {
            throw new IllegalArgumentException("reasonCode is set exactly when blocked");
        }
    }

    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("decision", decision.wire());
        o.put("risk_level", riskLevel.wire());
        ArrayNode rs = o.putArray("reasons");
        reasons.forEach(rs::add);
        ArrayNode cs = o.putArray("commands");
        for (List<String> argv : commands) {
            ArrayNode a = cs.addArray();
            argv.forEach(a::add);
        }
        if (reasonCode != null) o.put("reason_code", reasonCode);
        return o;
    }
}
