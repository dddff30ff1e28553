/**
 * English verbs that open an OKR statement (`Launch…`, `Reduce…`, `Hire…`),
 * in their base form. Readers use them to tell a goal sentence from a label
 * (`Security release: complete 4 cycles` is a labelled KR; `Take on more
 * maintainer responsibilities: add a maintainer` an objective and its KR),
 * and the wording rules to tell a task from an aim.
 */
const VERBS = `
accelerate achieve acquire advocate activate adapt add address adopt advance agree align allow amplify analyse analyze announce answer
apply appoint approve archive arrange assess assign attain attend attract audit author automate avoid balance become begin
benchmark boost bring broaden build calibrate capture carry certify champion change choose clarify clean cleanup close
coach collaborate collect commit communicate complete conduct configure confirm connect consolidate contribute convert
coordinate craft create cultivate cut debug decide decommission decrease deepen define deliver demonstrate deploy deprecate
describe design detect determine develop digitize discover distribute document double drive earn educate eliminate embed
empower enable encourage engage enhance ensure establish estimate evaluate evolve examine execute exist expand experiment explore
expose extend extract facilitate feature file finalise finalize find finish fire fix formalize formalise foster gain gather generate get
give go grow guarantee halve handle harden have help hire hit hold host identify implement import improve incorporate increase
initiate instrument integrate interview interop introduce invest investigate invite keep kick land launch lead learn leverage lift limit
locate lower maintain make manage map master maximise maximize measure meet merge migrate minimise minimize modernize
modernise monitor move negotiate obtain offboard onboard open operationalize operationalise optimise optimize organise
organize outline own partner pass perform pilot plan polish port post prepare present prevent prioritise prioritize process
produce promote propose protect prototype prove provide publish pursue push raise reach rebuild receive recognize recognise
record recruit redesign reduce refactor refine release remove renew reorganize replace report research reshape resolve resume
retain retire reuse review revise rewrite roll run scale schedule scope secure select sell send set settle share ship show
shorten simplify solve source speak spec specify speed spread stabilize stabilise standardize standardise start stop store
streamline strengthen submit succeed support sustain switch take target teach test track train transform transition
translate triage triple unblock unify update upgrade use validate verify visit win work write
`
  .trim()
  .split(/\s+/);

const SET = new Set(VERBS);

/** True when a word (any case) is one of the verbs an OKR statement opens with. */
export function isVerb(word: string): boolean {
  return SET.has(word.toLowerCase());
}

/** True for a verb in its base form or with -s, -es, -ed, -d or -ing (`handles`, `launched`, `having`). */
export function isVerbForm(word: string): boolean {
  const w = word.toLowerCase();
  return (
    SET.has(w) ||
    (w.endsWith('s') && SET.has(w.slice(0, -1))) ||
    (w.endsWith('es') && SET.has(w.slice(0, -2))) ||
    (w.endsWith('ed') && (SET.has(w.slice(0, -2)) || SET.has(w.slice(0, -1)))) ||
    (w.endsWith('ied') && SET.has(`${w.slice(0, -3)}y`)) ||
    (w.endsWith('ing') &&
      (SET.has(w.slice(0, -3)) || SET.has(`${w.slice(0, -3)}e`) || (w.length > 5 && w[w.length - 4] === w[w.length - 5] && SET.has(w.slice(0, -4)))))
  );
}

/** True when the text starts with one of those verbs (after emphasis, marks and emoji). */
export function startsWithVerb(text: string): boolean {
  const m = /^[^\p{L}]*(\p{L}+)/u.exec(text);
  return m !== null && isVerb(m[1]!);
}
