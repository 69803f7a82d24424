//! Office files written from the prepared views (`crate::present`): what a superior office
//! or an OA system takes in, laid out from the same data as the site and the PDFs.

pub(crate) mod archive;
pub(crate) mod ledger_xlsx;
