package dev.tollgate.proxy.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordCountsTest {

    private static RecordCount count(String pointer, String body) {
        return RecordCounts.count(pointer, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{index}] {0} in {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /records          | {"records": [1, 2, 3]}                         | 3
            /records          | {"records": []}                                | 0
            /records          | {"records": [{"a": 1}, {"b": [1, 2]}]}         | 2
            /count            | {"count": 42}                                  | 42
            /count            | {"count": 0}                                   | 0
            /count            | {"count": 7.0}                                 | 7
            /count            | {"count": 1e3}                                 | 1000
            /count            | {"count": 9223372036854775807}                 | 9223372036854775807
            /batch/items      | {"batch": {"items": ["a", "b"]}}               | 2
            /batch/0/items    | {"batch": [{"items": ["a", "b", "c", "d"]}]}   | 4
            /a~1b             | {"a/b": [1], "a": {"b": [1, 2]}}               | 1
            /m~0n             | {"m~n": [1, 2, 3, 4, 5]}                       | 5
            /                 | {"": [1, 2]}                                   | 2
            /records          | {"records": [1, 2], "other": "x"}              | 2
            """)
    void counts(String pointer, String body, long expected) {
        assertEquals(new RecordCount.Counted(expected), count(pointer, body));
    }

    @ParameterizedTest(name = "[{index}] {0} in {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /records          | {"items": [1]}                          | the body has no /records
            /records          | {"records": "3"}                        | /records is a string, not an array or a number
            /records          | {"records": {"n": 3}}                   | /records is an object, not an array or a number
            /records          | {"records": null}                       | /records is null, not an array or a number
            /records          | {"records": true}                       | /records is a boolean, not an array or a number
            /records          | {"records": -1}                         | /records is negative: -1
            /records          | {"records": 1.5}                        | /records is 1.5, not a whole number
            /records          | {"records": 1.0000000000000000001}      | not a whole number
            /records          | {"records": 92233720368547758070}       | /records is too large
            /records          | {"records": [1, 2}                      | the body is not valid JSON
            /records          | not json                                | the body is not valid JSON
            /records          | {"records": [1]} trailing               | the body is not valid JSON
            /records          | {"records": [1], "records": [1, 2, 3]}  | Duplicate field 'records'
            /records/5        | {"records": [1, 2]}                     | the body has no /records/5
            /records/01       | {"records": [1, 2]}                     | the body has no /records/01
            /a~1b             | {"a": {"b": [1]}}                       | the body has no /a~1b
            /records          | '   '                                   | the body is empty
            """)
    void failures(String pointer, String body, String reason) {
        RecordCount c = count(pointer, body);
        RecordCount.Invalid invalid = assertInstanceOf(RecordCount.Invalid.class, c);
        assertTrue(invalid.reason().contains(reason), invalid.reason());
    }

    @Test void withoutAPointerARequestIsOneRecordAndTheBodyIsNotRead() {
        assertEquals(new RecordCount.Counted(1), count(null, "not json at all"));
        assertEquals(new RecordCount.Counted(1), count(null, null));
    }

    @Test void aMissingBodyIsAFailureNotAnException() {
        assertInstanceOf(RecordCount.Invalid.class, count("/records", null));
        assertInstanceOf(RecordCount.Invalid.class, count("/records", ""));
    }

    @Test void deeplyNestedInputFailsCleanly() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertInstanceOf(RecordCount.Invalid.class, count("/records", deep));
    }
}
