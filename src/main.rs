fn main() {
    std::process::exit(dangjian::cli::run());
}
