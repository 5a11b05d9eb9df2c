export interface InitGeneratorSchema {
  /** Also write turbo.json's tasks and the root package.json's packageManager. Default true. */
  readonly turbo?: boolean;
  readonly skipFormat?: boolean;
}
