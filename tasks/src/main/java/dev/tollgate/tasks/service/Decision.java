package dev.tollgate.tasks.service;

import java.util.Locale;

/** A governor's verdict on a step (§7.4 step 7, §7.5). */
public enum Decision {
    ALLOW, APPROVAL_REQUIRED, BLOCKED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }
}
