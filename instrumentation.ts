// Next.js calls register() once when a server starts: the place to start background work.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startBackgroundTasks } = await import("./lib/jobs/background-tasks");
  startBackgroundTasks();
}
