-- DropIndex
DROP INDEX "AuditEvent_actorId_idx";

-- DropIndex
DROP INDEX "AuditEvent_resourceType_resourceId_idx";

-- DropIndex
DROP INDEX "AuditEvent_teamId_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_resourceType_resourceId_sequence_idx" ON "AuditEvent"("resourceType", "resourceId", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_sequence_idx" ON "AuditEvent"("actorId", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_sequence_idx" ON "AuditEvent"("teamId", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_action_sequence_idx" ON "AuditEvent"("action", "sequence");

-- CreateIndex
CREATE INDEX "AuditEvent_outcome_sequence_idx" ON "AuditEvent"("outcome", "sequence");
