/** Bad input to the plan comment tool (a plan file, an option); the message says what to fix. CLIs print only it. */
export class PlanCommentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
