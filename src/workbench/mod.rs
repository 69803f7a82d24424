//! The workbench of `dangjian serve`: browser forms that edit the record files. The files stay
//! the truth and git their history; this module turns a form's values into a record's text
//! (`document`), writes it as `check` would accept it (`save`), commits it in the name of the
//! person who saved (`git`) and pushes it to a backup remote (`backup`).

pub mod backup;
pub mod document;
pub mod git;
pub mod save;
