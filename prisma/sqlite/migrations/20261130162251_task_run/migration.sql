-- A background task's runs get a name of their own, apart from the provisioning job. Renamed, not
-- recreated, so the current period's claims survive the upgrade and no task runs twice in it.
ALTER TABLE "JobRun" RENAME TO "TaskRun";

-- SQLite cannot rename an index.
DROP INDEX "JobRun_task_periodStart_key";
CREATE UNIQUE INDEX "TaskRun_task_periodStart_key" ON "TaskRun"("task", "periodStart");
