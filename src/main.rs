fn main() {
    std::process::exit(dangjian::run());
}
