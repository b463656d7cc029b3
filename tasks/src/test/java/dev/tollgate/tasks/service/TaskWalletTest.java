package dev.tollgate.tasks.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.engine.audit.AuditEvent;
import dev.tollgate.engine.task.ActionStatus;
import dev.tollgate.engine.task.PendingAction;
import dev.tollgate.engine.task.Step;
import dev.tollgate.engine.task.StepStatus;
import dev.tollgate.engine.task.Task;
import dev.tollgate.engine.task.Wallet;
import dev.tollgate.engine.task.WalletScope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** §7.7: the user → team → org cascade, holds, and credits resuming held steps. */
class TaskWalletTest extends Harness {
    @BeforeEach void enableWallets() {
        store.close();
        walletsEnabled = true;
        governor.cost = 10;
        reopen();
    }

    private long balance(WalletScope scope, String id) throws Exception {
        return get(tasks.wallets()).stream().filter(w -> w.scope() == scope && w.id().equals(id)).findFirst()
                .map(Wallet::balance).orElse(-1L);
    }

    private List<AuditEvent> debits(Task t) throws Exception {
        return audit(t).stream().filter(e -> e.eventType().equals("wallet_debited")).toList();
    }

    @Test void theFirstWalletWithEnoughPaysAndNoneMeansHeld() throws Exception {
        get(tasks.credit(WalletScope.USER, "u1", 5, "admin"));
        get(tasks.credit(WalletScope.TEAM, "t1", 20, "admin"));
        Task t = dispatch();
        Step first = step(t, "ls");
        assertEquals(StepStatus.COMPLETED, first.status());
        assertEquals(WalletScope.TEAM, first.walletScope(), "the user wallet holds too little: the team pays");
        assertEquals(10, first.cost());
        assertEquals(StepStatus.COMPLETED, step(t, "ls").status());
        assertEquals(5, balance(WalletScope.USER, "u1"));
        assertEquals(0, balance(WalletScope.TEAM, "t1"));

        Step held = step(t, "ls");
        assertEquals(StepStatus.HELD_INSUFFICIENT_BALANCE, held.status());
        assertEquals(2, performer.total.get(), "a held step does not run");
        assertEquals("step_held_balance", types(t).get(types(t).size() - 1));
        assertEquals(2, debits(t).size());
        assertEquals("team", debits(t).get(0).metadata().get("wallet_scope").asText());
        assertEquals(10, debits(t).get(0).metadata().get("amount").asInt());

        CreditResult c = get(tasks.credit(WalletScope.ORG, "o1", 15, "admin"));
        assertEquals(List.of(held.id()), c.resumed().stream().map(Step::id).toList());
        List<Step> ran = get(c.runs());
        assertEquals(StepStatus.COMPLETED, ran.get(0).status());
        assertEquals(1, performer.runsOf(held.id()));
        assertEquals(5, c.wallet().balance(), "credited 15, then the resumed step took 10");
        assertEquals(WalletScope.ORG, reload(held).walletScope());
        assertEquals("org", debits(t).get(2).metadata().get("wallet_scope").asText());
    }

    @Test void theUserWalletComesFirst() throws Exception {
        get(tasks.credit(WalletScope.USER, "u1", 10, "admin"));
        get(tasks.credit(WalletScope.ORG, "o1", 100, "admin"));
        Task t = dispatch();
        assertEquals(WalletScope.USER, step(t, "ls").walletScope());
        assertEquals(WalletScope.ORG, step(t, "ls").walletScope());
        assertEquals(90, balance(WalletScope.ORG, "o1"));
    }

    @Test void aHeldStepNeedingApprovalKeepsItsApprovalClockAndResumesAsPending() throws Exception {
        Task t = dispatch();
        Step held = step(t, "rm -rf build");
        assertEquals(StepStatus.HELD_INSUFFICIENT_BALANCE, held.status());
        PendingAction a = action(held.actionId());
        assertEquals(ActionStatus.PENDING, a.status());
        assertEquals(held.createdAt().plus(TIMEOUT), a.expiresAt(), "the clock started with the request");
        CreditResult c = get(tasks.credit(WalletScope.TEAM, "t1", 10, "admin"));
        assertEquals(StepStatus.PENDING_APPROVAL, c.resumed().get(0).status());
        assertEquals(List.of(), get(c.runs()), "nothing starts before the approval");
        assertEquals(0, performer.total.get());
        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        assertEquals(StepStatus.COMPLETED, get(d.execution()).status());
        assertEquals(1, performer.runsOf(held.id()));
    }

    @Test void anApprovalGivenWhileHeldRunsOnceWhenPaidFor() throws Exception {
        Task t = dispatch();
        Step held = step(t, "rm -rf build");
        PendingAction a = action(held.actionId());
        ActionDecision d = get(tasks.approve(a.id(), REVIEWER, a.commandDigest()));
        assertEquals(StepStatus.HELD_INSUFFICIENT_BALANCE, get(d.execution()).status());
        assertEquals(0, performer.total.get());
        CreditResult c = get(tasks.credit(WalletScope.USER, "u1", 10, "admin"));
        assertEquals(List.of(StepStatus.COMPLETED), get(c.runs()).stream().map(Step::status).toList());
        assertEquals(ActionStatus.CONSUMED, action(a.id()).status());
        assertEquals(1, performer.runsOf(held.id()));
    }

    @Test void aDeniedStepGivesItsPaymentBack() throws Exception {
        get(tasks.credit(WalletScope.USER, "u1", 10, "admin"));
        Task t = dispatch();
        Step s = step(t, "rm -rf build");
        assertEquals(StepStatus.PENDING_APPROVAL, s.status());
        assertEquals(0, balance(WalletScope.USER, "u1"));
        get(tasks.deny(s.actionId(), REVIEWER, "no"));
        assertEquals(10, balance(WalletScope.USER, "u1"));
        AuditEvent refund = audit(t).stream().filter(e -> e.eventType().equals("wallet_credited")).findFirst()
                .orElseThrow();
        assertTrue(refund.metadata().get("refund").asBoolean());
    }

    @Test void creditsOfUnrelatedWalletsResumeNothingAndBadCreditsAreRefused() throws Exception {
        Task t = dispatch();
        Step held = step(t, "ls");
        CreditResult c = get(tasks.credit(WalletScope.USER, "someone-else", 100, "admin"));
        assertEquals(List.of(), c.resumed());
        assertEquals(StepStatus.HELD_INSUFFICIENT_BALANCE, reload(held).status());
        assertEquals(TaskError.INVALID_REQUEST, failure(tasks.credit(WalletScope.USER, "u1", 0, "admin")).error());
        assertEquals(TaskError.INVALID_REQUEST, failure(tasks.credit(WalletScope.USER, " ", 5, "admin")).error());
        assertEquals(StepStatus.CANCELLED,
                get(tasks.cancel(t.id(), Optional.empty(), "admin")).steps().get(0).status());
    }

    @Test void aResumedStepIsClassifiedAgainAndRefusedWhenNoLongerAllowed() throws Exception {
        Task t = dispatch();
        Step held = step(t, "ls");
        assertEquals(StepStatus.HELD_INSUFFICIENT_BALANCE, held.status());
        get(tasks.credit(WalletScope.USER, "u1", 10, "admin"));
        // still a plain allow when paid for: it runs, paid once
        assertEquals(StepStatus.COMPLETED, get(tasks.awaitStep(t.id(), held.id(), Optional.empty(),
                java.time.Duration.ofSeconds(10))).status());
        assertEquals(0, balance(WalletScope.USER, "u1"));

        Step second = step(t, "ls --color");
        assertEquals(StepStatus.HELD_INSUFFICIENT_BALANCE, second.status());
        governor.blockEverything = true;
        CreditResult c = get(tasks.credit(WalletScope.USER, "u1", 10, "admin"));
        Step refused = get(c.runs()).get(0);
        assertEquals(StepStatus.BLOCKED, refused.status());
        assertEquals("blocked_command", refused.reasonCode());
        assertEquals(10, balance(WalletScope.USER, "u1"), "paid, refused, refunded");
        assertEquals(0, performer.runsOf(second.id()));
        List<String> types = types(t);
        assertEquals(List.of("step_classified", "wallet_credited"), types.subList(types.size() - 2, types.size()));
    }
}
