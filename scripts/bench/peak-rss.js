// Preloaded into the measured process (`node -r`): writes its peak RSS (KiB) to PEAK_RSS_FILE at exit.
const { writeFileSync } = require("fs");
process.on("exit", () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
