package dev.tollgate.tasks.shell.syntax;

import java.util.List;

/** A list of and-or lists separated by {@code ;}, {@code &} or newlines. */
public record Script(List<Item> items) {
    public Script {
        items = List.copyOf(items);
    }

    /** One and-or list and whether it was sent to the background with {@code &}. */
    public record Item(AndOr andOr, boolean background) {}

    /** Pipelines joined by {@code &&} / {@code ||}; {@code operators.get(i)} joins pipeline i and i+1. */
    public record AndOr(List<Pipeline> pipelines, List<String> operators) {
        public AndOr {
            pipelines = List.copyOf(pipelines);
            operators = List.copyOf(operators);
        }
    }

    /** Commands joined by {@code |} or {@code |&}, optionally negated with {@code !}. */
    public record Pipeline(boolean negated, List<Command> commands) {
        public Pipeline {
            commands = List.copyOf(commands);
        }
    }
}
