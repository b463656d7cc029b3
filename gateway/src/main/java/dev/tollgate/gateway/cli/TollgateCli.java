package dev.tollgate.gateway.cli;

public final class TollgateCli {
    public static void main(String[] args) {
        System.out.println("tollgate");
    }
}
