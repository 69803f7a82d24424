//! The workbench (`dangjian serve`, under `/_/`): browser forms that edit the record files.

pub(crate) mod accounts;
pub mod auth;
