// The least a ping monitor can cost on this machine, for reference beside deadman: one ICMP socket, every target
// once a second, each slot's echoes sent with one sendmmsg, replies read with recvmmsg after ppoll. No matching,
// no timeouts, no state: only the kernel's work and the wake-ups.
//
// usage: icmp_floor TARGETS SECONDS SLOT_MS   (targets are 127.10.0.1 onwards, as the benchmark's)
// prints: sent received
#define _GNU_SOURCE
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { BATCH = 1024, PAYLOAD = 16 };

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned short checksum(const unsigned char *data, int length) {
    unsigned long sum = 0;
    for (int i = 0; i + 1 < length; i += 2) sum += (unsigned)(data[i] << 8 | data[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return htons((unsigned short)~sum);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: icmp_floor TARGETS SECONDS SLOT_MS\n");
        return 2;
    }
    int targets = atoi(argv[1]);
    double seconds = atof(argv[2]), slot = atof(argv[3]) / 1000.0;
    int raw = 0;
    int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
    if (fd < 0) {
        fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
        raw = 1;
    }
    if (fd < 0) {
        perror("socket");
        return 3;
    }
    int buffer = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);

    struct sockaddr_in *to = calloc((size_t)targets, sizeof *to);
    for (int i = 0; i < targets; i++) {
        to[i].sin_family = AF_INET;
        to[i].sin_addr.s_addr = htonl((127u << 24) | ((10u + (unsigned)(i / (256 * 254))) << 16) | ((unsigned)(i / 254 % 256) << 8) | (unsigned)(i % 254 + 1));
    }
    static unsigned char packets[BATCH][8 + PAYLOAD], replies[BATCH][128];
    static struct iovec send_iov[BATCH], recv_iov[BATCH];
    static struct mmsghdr sends[BATCH], receives[BATCH];
    for (int i = 0; i < BATCH; i++) {
        send_iov[i] = (struct iovec){packets[i], sizeof packets[i]};
        recv_iov[i] = (struct iovec){replies[i], sizeof replies[i]};
        receives[i].msg_hdr = (struct msghdr){.msg_iov = &recv_iov[i], .msg_iovlen = 1};
    }

    long sent = 0, received = 0;
    unsigned short sequence = 0;
    int position = 0;
    double start = now_s(), next = start;
    long slots = 0;
    while (next - start < seconds) {
        // Targets due in this slot: the share of the second it covers, round robin.
        long due = (long)((double)(slots + 1) * slot * targets) - (long)((double)slots * slot * targets);
        slots++;
        while (due > 0) {
            int count = due < BATCH ? (int)due : BATCH;
            for (int i = 0; i < count; i++) {
                struct icmphdr *echo = (struct icmphdr *)packets[i];
                memset(packets[i], 0, sizeof packets[i]);
                echo->type = ICMP_ECHO;
                echo->un.echo.id = htons(0x4d44);
                echo->un.echo.sequence = htons(sequence++);
                echo->checksum = checksum(packets[i], sizeof packets[i]);
                sends[i].msg_hdr = (struct msghdr){.msg_name = &to[position], .msg_namelen = sizeof to[position], .msg_iov = &send_iov[i], .msg_iovlen = 1};
                position = (position + 1) % targets;
            }
            int done = sendmmsg(fd, sends, (unsigned)count, 0);
            sent += done > 0 ? done : 0;
            due -= count;
        }
        next += slot;
        for (double left = next - now_s(); left > 0; left = next - now_s()) {
            struct pollfd wait = {fd, POLLIN, 0};
            struct timespec timeout = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
            if (ppoll(&wait, 1, &timeout, NULL) <= 0) continue;
            int got;
            while ((got = recvmmsg(fd, receives, BATCH, MSG_DONTWAIT, NULL)) > 0) {
                for (int i = 0; i < got; i++) {
                    // A raw socket also reads the requests themselves and starts with the IP header.
                    const unsigned char *icmp = replies[i] + (raw ? (replies[i][0] & 0x0f) * 4 : 0);
                    received += icmp[0] == ICMP_ECHOREPLY;
                }
            }
        }
    }
    printf("%ld %ld\n", sent, received);
    return 0;
}
