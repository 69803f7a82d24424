use super::Severity;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $sev:ident; )*) => {
        /// Stable diagnostic codes. The name is part of the tool's interface (`--format json`,
        /// editors, CI scripts): never rename one, add new ones instead.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
        }
    };
}

codes! {
    /// A file could not be read at all (permissions, a directory where a file should be).
    Io = "io", Error;
    /// A record file that is not valid UTF-8.
    NotUtf8 = "not-utf8", Error;
    /// TOML that does not parse (including duplicate keys and over-deep nesting).
    TomlSyntax = "toml-syntax", Error;
    /// A Markdown record without the `+++` front matter block.
    MissingFrontMatter = "missing-front-matter", Error;
    /// A `+++` block that is opened but never closed.
    UnclosedFrontMatter = "unclosed-front-matter", Error;
    /// A key that the record kind does not have (usually a typo).
    UnknownKey = "unknown-key", Error;
    /// A required key that is absent.
    MissingField = "missing-field", Error;
    /// A value of the wrong type (a string where a date belongs, …).
    WrongType = "wrong-type", Error;
    /// A required text that is empty or only white space.
    EmptyString = "empty-string", Error;
    /// A value outside the allowed set or range.
    InvalidValue = "invalid-value", Error;
    /// A date that does not exist (2023-02-30) or is not a plain date.
    InvalidDate = "invalid-date", Error;
    /// A file name that does not follow the naming scheme of its folder.
    BadFileName = "bad-file-name", Error;
    /// A `.md`/`.toml` file in a place where no record kind lives.
    UnknownRecordPath = "unknown-record-path", Error;
    /// Two records with the same id.
    DuplicateId = "duplicate-id", Error;
    /// A reference to a branch, brand, checklist, figure or year that does not exist.
    UnknownReference = "unknown-reference", Error;
    /// A figure cited in a narrative that the year's data does not have.
    UnknownFigure = "unknown-figure", Error;
    /// Two notices with the same number in a year.
    DuplicateNumber = "duplicate-number", Error;
    /// A gap in the notice numbers of a year.
    SkippedNumber = "skipped-number", Error;
    /// More present than expected at a meeting.
    PresentExceedsExpected = "present-exceeds-expected", Error;
    /// A dated record whose date lies outside the year of its folder.
    DateOutsideYear = "date-outside-year", Error;
    /// An attachment path that is absolute, contains `..`, a backslash, or leaves the site root.
    PathOutsideRoot = "path-outside-root", Error;
    /// An attachment that does not exist.
    MissingAttachment = "missing-attachment", Error;
    /// Points or scores that do not add up.
    PointsMismatch = "points-mismatch", Error;
    /// An activity kind outside the configured list.
    UnknownKind = "unknown-kind", Warning;
    /// A date in the future.
    FutureDate = "future-date", Warning;
    /// Absentees listed do not match expected − present, or (with member records) are not
    /// members of the branch on the day, or more are expected than the branch has members.
    AbsenteeCount = "absentee-count", Warning;
    /// A file name whose date or branch disagrees with the front matter.
    FileNameMismatch = "file-name-mismatch", Warning;
    /// A party rule is not met (a missed meeting, low attendance, a term overdue …).
    Rule = "rule", Warning;
    /// A rule or setting in the configuration that does not exist.
    UnknownRule = "unknown-rule", Error;
    /// A template that does not parse or fails to render.
    Template = "template", Error;
    /// A problem reported by Typst while making a PDF.
    Typst = "typst", Error;
    /// A character that none of the configured fonts has.
    MissingGlyph = "missing-glyph", Error;
    /// An external program (typst, git) that is missing, too old, hung or crashed.
    ExternalTool = "external-tool", Error;
    /// Writing the output failed (disk full, not writable, locked by another build).
    Output = "output", Error;
    /// The program itself failed (a bug): what it was doing is reported and the previous
    /// output stays as it was.
    Internal = "internal", Error;
    /// A command-line usage problem (a record that already exists, a bad argument).
    Usage = "usage", Error;
    /// Full-width quotes `“”‘’` where TOML wants `"` (a Chinese input method's quotes).
    FullwidthQuote = "fullwidth-quote", Error;
    /// A full-width comma, colon, bracket or equals sign used as TOML syntax, or a time
    /// written with `：`.
    FullwidthPunctuation = "fullwidth-punctuation", Error;
    /// A date written 2024-3-5, 2024/3/5, 2024.3.5 or 2024年3月5日 instead of 2024-03-05.
    DateFormat = "date-format", Error;
    /// A number written with full-width digits (１２).
    FullwidthDigits = "fullwidth-digits", Error;
    /// Text left from a template of `new` (会议内容写在这里。, an empty list item).
    Placeholder = "placeholder", Warning;
    /// A part break (`---`) in a document's body with no title line after it.
    PartWithoutTitle = "part-without-title", Warning;
    /// Two activities of one branch whose times overlap.
    Overlap = "overlap", Warning;
    /// An activity dated before its branch was founded.
    BeforeFounded = "before-founded", Warning;
    /// A 支委会 of a branch that had no committee on that date.
    NoCommittee = "no-committee", Warning;
    /// A heading number typed by hand in a numbered body (`### 1.优化…`), which the counted
    /// number replaces.
    TypedNumber = "typed-number", Warning;
    /// A notice dated before the previous number of its year.
    NoticeOrder = "notice-order", Warning;
    /// `check` or `stats` asked about a year before the records begin.
    YearWithoutRecords = "year-without-records", Warning;
    /// An attachment of a type that could run as code on the site (HTML, SVG, scripts, no
    /// extension) or whose name holds control characters.
    UnsafeAttachment = "unsafe-attachment", Error;
    /// A file under `content/` whose published path is that of a generated page, static file
    /// or PDF.
    ShadowsOutput = "shadows-output", Error;
    /// A member record against the procedure of 《中国共产党发展党员工作细则》 or the
    /// organisation's structure: events out of order, 积极分子 too short, 申请 under age, two
    /// branches at once, a transfer inside the organisation, typed counts beside member records.
    MemberProcedure = "member-procedure", Error;
    /// A text value with a control character other than tab and the line breaks, mostly a
    /// backslash that TOML read as an escape (`\f`, `\b`): invisible on the page and dropped
    /// from the feed, the sitemap and the charts.
    ControlCharacter = "control-character", Warning;
    /// `import`: a spreadsheet cell that cannot become a record's value (a date that is no
    /// date, an unknown branch or kind, a count that is no number), located by sheet, row and
    /// column.
    ImportCell = "import-cell", Error;
    /// `import`: a column a record needs is missing from the sheet's header row, or a
    /// `--map` names a field that does not exist.
    ImportColumn = "import-column", Error;
}
