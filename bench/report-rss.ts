// Preloaded with `node --import` into a measured process: prints its peak RSS when it exits.
process.on('exit', () => {
  process.stderr.write(`PEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
