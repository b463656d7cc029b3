package dev.tollgate.tasks.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tollgate.engine.store.StoreTx;
import dev.tollgate.engine.task.Identity;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.TaskWrites;
import dev.tollgate.engine.task.WalletScope;
import dev.tollgate.engine.util.Json;
import java.time.Instant;
import java.util.Optional;

/**
 * Pays for a step (§7.7): debits the first of the user, team and org wallets that holds enough,
 * each attempt a compare-and-set in SQL ({@code balance >= cost}), inside the caller's job so the
 * debit commits with the step record or not at all.
 */
final class WalletCascade {
    record Debit(WalletScope scope, String walletId, long amount, long balanceAfter) {}

    private WalletCascade() {}

    static Optional<Debit> debit(StoreTx tx, Task task, String stepId, long cost, Instant at) {
        TaskWrites w = tx.tasks();
        Identity who = task.identity();
        for (WalletScope scope : WalletScope.CASCADE) {
            String id = scope.idFor(who);
            if (id == null || !w.debitWallet(scope, id, cost, at)) continue;
            long after = w.wallet(scope, id).map(x -> x.balance()).orElse(0L);
            TaskAudit.append(tx, task, stepId, TaskEvents.WALLET_DEBITED, TaskAudit.SYSTEM, at, Json.object()
                    .put("wallet_scope", scope.wire()).put("wallet_id", id).put("amount", cost).put("balance", after));
            return Optional.of(new Debit(scope, id, cost, after));
        }
        return Optional.empty();
    }

    /** The cascade's wallet ids for an audit of a hold. */
    static ArrayNode tried(Identity who) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (WalletScope scope : WalletScope.CASCADE) {
            String id = scope.idFor(who);
            if (id != null) out.addObject().put("wallet_scope", scope.wire()).put("wallet_id", id);
        }
        return out;
    }

    /** Gives a step's payment back to the wallet that paid (the step ended without running). */
    static void refund(StoreTx tx, Task task, String stepId, WalletScope scope, String walletId, long amount,
                       Instant at) {
        if (scope == null || walletId == null || amount <= 0) return;
        long after = tx.tasks().creditWallet(scope, walletId, amount, at);
        TaskAudit.append(tx, task, stepId, TaskEvents.WALLET_CREDITED, TaskAudit.SYSTEM, at, Json.object()
                .put("wallet_scope", scope.wire()).put("wallet_id", walletId).put("amount", amount)
                .put("balance", after).put("refund", true));
    }
}
