package com.payroute.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.payroute.support.Ops;
import com.payroute.support.TestChannels;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * What the broker dead-letters is kept where ops can see it: moved into PostgreSQL, listed, and
 * replayed once (audited) to the queue it died in.
 */
@QuarkusTest
class DeadLetterTest {

    @Inject
    MessagePublisher publisher;
    @Inject
    TestChannels channels;

    @Test
    void aPoisonMessageIsStoredListedAndReplayedOnce() {
        String channel = channels.create(channels.uniqueCode("poison"), "KES", 0, 5, 1000);
        String messageId = "poison-" + UUID.randomUUID();
        // a message of a kind no worker knows: the consumer dead-letters it at once
        publisher.publish(RabbitTopology.TX_EXCHANGE, channel, messageId, new JsonObject().put("kind", "mystery"))
                .await().indefinitely();
        Map<String, Object> letter = awaitLetter(messageId, 1);
        assertEquals("tx." + channel, letter.get("queue"));
        assertEquals("rejected", letter.get("reason"));
        Number id = (Number) letter.get("id");

        Ops.viewer().post("/admin/dead-letters/" + id + "/replay").then().statusCode(403);
        Ops.ops().post("/admin/dead-letters/" + id + "/replay").then().statusCode(200);
        Ops.ops().post("/admin/dead-letters/" + id + "/replay").then().statusCode(409);
        // it went back to tx.<channel>, where it died again: a second letter of the same message
        awaitLetter(messageId, 2);
        assertNotNull(Ops.viewer().get("/admin/dead-letters?replayed=true").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.messageId == '" + messageId + "' }.replayedBy").get(0));
        assertEquals("DEAD_LETTER_REPLAYED", Ops.viewer().get("/admin/audit?target=dead-letter:" + id).then().statusCode(200)
                .extract().jsonPath().getString("[0].action"));
        channels.retire(channel);
    }

    private Map<String, Object> awaitLetter(String messageId, int count) {
        Object[] found = new Object[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<Map<String, Object>> letters = Ops.viewer().get("/admin/dead-letters?limit=500").then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.messageId == '" + messageId + "' }");
            found[0] = letters.isEmpty() ? null : letters.get(letters.size() - 1);
            return letters.size() >= count;
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> letter = (Map<String, Object>) found[0];
        return letter;
    }
}
