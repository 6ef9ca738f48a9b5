// Preloaded with `node --import` into a measured process: prints its peak RSS and CPU time when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`PEAK_RSS_KB ${usage.maxRSS}\n`);
  process.stderr.write(`CPU_MS ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
