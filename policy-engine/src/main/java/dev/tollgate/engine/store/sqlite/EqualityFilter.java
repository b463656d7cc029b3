package dev.tollgate.engine.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The optional {@code column = ?} terms of a list query (AND-ed), bound in order, then its LIMIT. */
final class EqualityFilter {
    private final List<String> terms = new ArrayList<>(3);
    private final List<String> values = new ArrayList<>(3);

    /** Adds {@code column = value} unless {@code value} is null (no filter on that column). */
    EqualityFilter eq(String column, String value) {
        if (value != null) {
            terms.add(column + " = ?");
            values.add(value);
        }
        return this;
    }

    /** {@code " WHERE a = ? AND b = ?"}, or nothing. */
    String where() {
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /** Binds the values, then {@code limit} as the last parameter. */
    void bind(PreparedStatement ps, int limit) throws SQLException {
        int i = 1;
        for (String v : values) ps.setString(i++, v);
        ps.setInt(i, limit);
    }
}
