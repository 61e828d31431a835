// The table `npm run bench` prints: each figure beside its baseline (same run) and its goal.

interface Row {
  measure: string;
  value: string;
  baseline: string;
  goal: string;
  met?: boolean;
}

export class Report {
  private readonly rows: Row[] = [];

  add(measure: string, value: string, baseline: string, goal: string, met: boolean | undefined): void {
    this.rows.push({ measure, value, baseline, goal, met });
    console.log(`${measure}: ${value} | baseline ${baseline} | goal ${goal}${met === undefined ? '' : met ? ' | met' : ' | NOT met'}`);
  }

  print(): void {
    console.log('\n| measure | now | baseline / floor (same run) | goal | met |\n|---|---|---|---|---|');
    for (const row of this.rows) {
      console.log(`| ${row.measure} | ${row.value} | ${row.baseline} | ${row.goal} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`);
    }
  }
}
