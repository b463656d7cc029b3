package dev.tollgate.tasks.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.attribute.BasicFileAttributes;

final class Json {
    private Json() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String type(BasicFileAttributes a) {
        if (a.isRegularFile()) return "file";
        if (a.isDirectory()) return "directory";
        if (a.isSymbolicLink()) return "symlink";
        return "other";
    }
}
