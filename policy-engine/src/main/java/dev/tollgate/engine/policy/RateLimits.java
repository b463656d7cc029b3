package dev.tollgate.engine.policy;

/**
 * The policy's {@code rate_limits}: how many intents one agent may submit per rolling hour and
 * per rolling day. The caller counts the agent's recent intents in its store; a null limit does
 * not apply.
 */
public record RateLimits(Long perAgentPerHour, Long perAgentPerDay) {

    /**
     * The reason the new intent would go over a limit, given the agent's intents already counted
     * in the last hour and day; null when it stays within both.
     */
    public String exceededBy(long intentsLastHour, long intentsLastDay) {
        if (perAgentPerHour != null && intentsLastHour >= perAgentPerHour) {
            return "Rate limit exceeded: " + perAgentPerHour + " intents per hour per agent";
        }
        if (perAgentPerDay != null && intentsLastDay >= perAgentPerDay) {
            return "Rate limit exceeded: " + perAgentPerDay + " intents per day per agent";
        }
        return null;
    }
}
