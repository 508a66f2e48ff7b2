// Runs the migration runner once in its own process, as a starting instance would.
import { migrate } from "../../lib/migrate";

migrate(process.argv[2]!)
  .then((applied) => console.log(JSON.stringify(applied)))
  .catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
