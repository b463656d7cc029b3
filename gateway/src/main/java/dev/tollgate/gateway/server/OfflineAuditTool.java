package dev.tollgate.gateway.server;

import dev.tollgate.engine.audit.AuditChain;
import dev.tollgate.engine.audit.AuditKey;
import dev.tollgate.engine.audit.AuditVerifier;
import dev.tollgate.engine.util.PrivateFiles;
import dev.tollgate.gateway.cli.AuditTool;
import dev.tollgate.gateway.cli.AuditVerification;
import dev.tollgate.gateway.config.Settings;
import dev.tollgate.gateway.config.StoreUrl;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** {@code tollgate audit verify}: checks the chain in the database file, with no server running. */
public final class OfflineAuditTool implements AuditTool {
    @Override public AuditVerification verify(Settings settings) throws Exception {
        if (!(settings.store() instanceof StoreUrl.Sqlite sqlite)) {
            throw new IllegalArgumentException("audit verify reads sqlite stores only, not " + settings.store().redacted());
        }
        if (!Files.exists(sqlite.file())) throw new NoSuchFileException(sqlite.file() + " (no store in this data dir)");
        PrivateFiles.checkPrivate(settings.auditKeyFile());
        AuditVerifier.Result r = AuditVerifier.verify(sqlite.file(), new AuditChain(AuditKey.load(settings.auditKeyFile())));
        return r.ok() ? new AuditVerification.Verified(r.count())
                : new AuditVerification.Broken(r.badSeq() == null ? -1 : r.badSeq(), r.badId(), r.problem());
    }
}
