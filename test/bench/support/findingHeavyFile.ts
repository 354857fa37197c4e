// A 5,000-line automation script with thousands of findings: the same few jobs over and over, each
// with unchecked and timeout-less subprocess calls, shell calls, swallowed errors, prints and eager
// log formatting. What a legacy deploy script can look like before PyOps is turned on.

const JOB = (n: number): string[] => [
  `def job_${n}(target):`,
  `    subprocess.run(["rsync", "-a", "build/", target])`,
  `    os.system("systemctl restart app-${n}")`,
  `    try:`,
  `        shutil.rmtree(target + "/cache")`,
  `    except:`,
  `        pass`,
  `    print(f"job ${n} done for {target}")`,
  `    logging.info(f"synced {target}")`,
  ``,
];

export function findingHeavyFile(lines = 5000): string {
  const out = ['import logging', 'import os', 'import shutil', 'import subprocess', ''];
  for (let n = 0; out.length < lines; n++) out.push(...JOB(n));
  return out.join('\n') + '\n';
}
