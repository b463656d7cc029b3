package dev.tollgate.gateway.cli;

import picocli.CommandLine;

/** Lets picocli build commands that take a {@link CliContext} in their constructor. */
final class ContextFactory implements CommandLine.IFactory {
    private final CliContext context;

    ContextFactory(CliContext context) {
        this.context = context;
    }

    @Override public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(CliContext.class).newInstance(context);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
