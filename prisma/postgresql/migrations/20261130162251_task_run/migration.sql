-- A background task's runs get a name of their own, apart from the provisioning job. Renamed, not
-- recreated, so the current period's claims survive the upgrade and no task runs twice in it.
ALTER TABLE "JobRun" RENAME TO "TaskRun";
ALTER TABLE "TaskRun" RENAME CONSTRAINT "JobRun_pkey" TO "TaskRun_pkey";
ALTER INDEX "JobRun_task_periodStart_key" RENAME TO "TaskRun_task_periodStart_key";
