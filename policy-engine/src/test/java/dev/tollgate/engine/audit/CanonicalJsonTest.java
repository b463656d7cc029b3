package dev.tollgate.engine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.engine.util.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct writer must give the reference canonicaliser's bytes, and survive a store round trip. */
class CanonicalJsonTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static void same(JsonNode value) throws Exception {
        String expected = CanonicalJson.viaReference(value);
        assertEquals(expected, CanonicalJson.string(value));
        // What the verifier sees: the stored text parsed again.
        assertEquals(expected, CanonicalJson.string(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(value))));
    }

    @Test void rfc8785Example() throws Exception {
        JsonNode v = Json.MAPPER.readTree("{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
                + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}");
        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", CanonicalJson.string(v));
        same(v);
    }

    @Test void numbersOfEveryKind() throws Exception {
        ArrayNode a = F.arrayNode();
        a.add(0).add(-1).add(Integer.MAX_VALUE).add(Long.MAX_VALUE).add(Long.MIN_VALUE).add(9007199254740993L)
                .add(9007199254740992L).add(-9007199254740992L).add(-0.0).add(0.1).add(1e21).add(1e20).add(1e-7)
                .add(123.456).add(5e-324).add(1.7976931348623157e308).add(1.1f).add(3.4028235e38f)
                .add(new BigDecimal("1E+3")).add(new BigDecimal("2.50")).add(new BigInteger("123456789012345678901234567890"))
                .add(Double.NaN).add(Double.NEGATIVE_INFINITY);
        same(F.objectNode().set("n", a));
        Random r = new Random(42);
        ArrayNode doubles = F.arrayNode();
        for (int i = 0; i < 2000; i++) {
            doubles.add(Double.longBitsToDouble(r.nextLong()));
            doubles.add(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            doubles.add(r.nextLong() >> r.nextInt(64));
        }
        same(doubles);
    }

    @Test void stringsAndKeysOfEveryCharacter() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x800; c++) all.append(c);
        all.append("\u2028\u2029\uFEFF\uFFFF😀𝄞");
        ObjectNode o = F.objectNode();
        o.put(all.toString(), all.toString());
        o.put("€", 1).put("z", 2).put("😀", 3).put("\uFB33", 4).put("", 5).put("A", 6).put("a", 7);
        o.set("nested", F.objectNode().put("b", "x").set("a", F.arrayNode().add(F.objectNode().put("d", 1).put("c", 2))));
        o.set("bin", F.binaryNode(new byte[] {1, 2, 3}));
        same(o);
        assertEquals("{\"\":5,\"A\":6,\"a\":7,\"z\":2,\"€\":1,\"😀\":3,\"דּ\":4}", CanonicalJson.string(
                Json.MAPPER.readTree("{\"€\":1,\"z\":2,\"😀\":3,\"\uFB33\":4,\"\":5,\"A\":6,\"a\":7}")));
    }

    @Test void onlyContainersCanBeCanonicalised() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.string(F.textNode("x")));
    }
}
